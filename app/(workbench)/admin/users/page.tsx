import { requirePageUser } from "@/lib/auth/session";
import { listUsers } from "@/lib/users/service";
import { AdminNav } from "@/components/admin/admin-nav";
import { UsersView } from "@/components/admin/users-view";

export const metadata = { title: "Users" };

export default async function AdminUsersPage() {
  const user = await requirePageUser({ page: "users" });
  const users = await listUsers({ actor: user });
  return (
    <main className="page wide admin-page">
      <h1>Admin</h1>
      <AdminNav current="users" />
      <UsersView initialUsers={users} currentUserId={user.id} />
    </main>
  );
}
