import Link from "next/link";
import type { Role } from "@/lib/auth/roles";
import { SignOutButton } from "@/components/auth/sign-out-button";

export function AppHeader({ user }: Readonly<{ user: { name: string; role: Role } }>) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        Apparatus
      </Link>
      <nav aria-label="Main">
        <Link href="/">Library</Link>
        <Link href="/corpus">Corpus</Link>
        <Link href="/account">Account</Link>
        {user.role === "admin" && <Link href="/admin/users">Admin</Link>}
      </nav>
      <span className="who">
        {user.name} · {user.role}
      </span>
      <SignOutButton />
    </header>
  );
}
