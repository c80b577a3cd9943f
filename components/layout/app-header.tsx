import Link from "next/link";
import type { Role } from "@/lib/auth/roles";
import { AppMenu } from "./app-menu";
import { HeaderHeight } from "./header-height";

/** The bar on every workbench page: a skip link, the brand, and the menu (inline on wide screens, a drop-down on phones). */
export function AppHeader({ user }: Readonly<{ user: { name: string; role: Role } }>) {
  return (
    <header className="app-header">
      <a href="#content" className="skip-link">
        Skip to content
      </a>
      <Link href="/" className="brand">
        Apparatus
      </Link>
      <AppMenu user={user} />
      <HeaderHeight />
    </header>
  );
}
