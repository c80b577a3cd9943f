import { redirect } from "next/navigation";

// /admin, as the menu names it: its first screen. The users page checks the role.
export default function AdminPage() {
  redirect("/admin/users");
}
