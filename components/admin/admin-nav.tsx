import "./admin.css";
import Link from "next/link";

const LINKS = [
  { key: "users", href: "/admin/users", label: "Users" },
  { key: "audit", href: "/admin/audit", label: "Audit log" },
  { key: "deleted", href: "/admin/deleted", label: "Deleted annotations" },
  { key: "import", href: "/admin/import", label: "Import" },
] as const;

export type AdminSection = (typeof LINKS)[number]["key"];

/** The admin sub-navigation: Users · Audit log · Deleted annotations · Import. */
export function AdminNav({ current }: Readonly<{ current: AdminSection }>) {
  return (
    <nav aria-label="Admin" className="admin-nav">
      <ul>
        {LINKS.map((link) => (
          <li key={link.key}>
            <Link href={link.href} aria-current={link.key === current ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
