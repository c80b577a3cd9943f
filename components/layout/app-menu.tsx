"use client";
// The main navigation with the user's name and Sign out. On wide screens it sits in the header bar; on
// narrow ones (CSS, see app/globals.css "App shell") it folds behind a Menu button that opens a panel
// below the bar. The panel closes on navigation, Escape (focus back on the button) or a click elsewhere.
// Responses carries the count of new responses to one's work (read after the page has loaded, again when
// the window regains focus, and from the Responses page once it has marked them seen); so does the Menu
// button while the menu is folded.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import type { Role } from "@/lib/auth/roles";
import { apiFetch } from "@/lib/client/api";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { RESPONSES_SEEN_EVENT } from "@/components/responses/mark-seen";

// `roles`: only these roles see the link (the page checks again on the server).
const LINKS: ReadonlyArray<{ href: string; label: string; roles?: readonly Role[]; section?: (path: string) => boolean }> = [
  { href: "/", label: "Library", section: (p) => p === "/" || p.startsWith("/documents") },
  { href: "/corpus", label: "Corpus" },
  { href: "/disputes", label: "Open disputes", roles: ["admin", "editor"] },
  { href: "/responses", label: "Responses", roles: ["admin", "editor", "reviewer"] },
  { href: "/account", label: "Account" },
  { href: "/admin/users", label: "Admin", roles: ["admin"], section: (p) => p.startsWith("/admin") },
];

function current(path: string, link: (typeof LINKS)[number]): "page" | "true" | undefined {
  if (path === link.href) return "page";
  return link.section?.(path) ? "true" : undefined;
}

export function AppMenu({ user }: Readonly<{ user: { name: string; role: Role } }>) {
  const id = useId();
  const path = usePathname();
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(path);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const fresh = useNewResponses(user.role !== "viewer");

  // A navigation closes the menu (compared during render: no effect needed).
  if (openedAt !== path) {
    setOpenedAt(path);
    setOpen(false);
  }

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls={`${id}-menu`}
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true" className="menu-icon" />
        Menu
        {fresh > 0 && <NewCount count={fresh} />}
      </button>
      <div ref={panel} id={`${id}-menu`} className="app-menu" data-open={open ? "true" : undefined}>
        <nav aria-label="Main">
          {LINKS.filter((link) => !link.roles || link.roles.includes(user.role)).map((link) => (
            <Link key={link.href} href={link.href} aria-current={current(path, link)} onClick={() => setOpen(false)}>
              {link.label}
              {link.href === "/responses" && fresh > 0 && <NewCount count={fresh} />}
            </Link>
          ))}
        </nav>
        <div className="account-box">
          <span className="who" title={`${user.name} · ${user.role}`}>
            <span className="who-name">{user.name}</span> · {user.role}
          </span>
          <SignOutButton />
        </div>
      </div>
    </>
  );
}

/** The badge: "3" (read out as "3 new"), "99+" from 100. */
function NewCount({ count }: Readonly<{ count: number }>) {
  return (
    <span className="new-count">
      {count >= 100 ? "99+" : count}
      <span className="visually-hidden"> new</span>
    </span>
  );
}

const RECHECK_MS = 30_000;

/** How many responses to one's work are new: read once loaded, on focus (at most every 30 s), and when the Responses page marks them seen. */
function useNewResponses(enabled: boolean): number {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!enabled) return;
    let last = 0;
    const controller = new AbortController();
    const check = () => {
      if (Date.now() - last < RECHECK_MS) return;
      last = Date.now();
      apiFetch<{ newCount: number }>("/api/me/responses/seen", { signal: controller.signal, background: true })
        .then(({ newCount }) => setCount(newCount))
        .catch(() => {
          // offline or refused: the count stays as it was
        });
    };
    const onSeen = (event: Event) => {
      last = Date.now();
      setCount((event as CustomEvent<number>).detail);
    };
    check();
    window.addEventListener("focus", check);
    window.addEventListener(RESPONSES_SEEN_EVENT, onSeen);
    return () => {
      controller.abort();
      window.removeEventListener("focus", check);
      window.removeEventListener(RESPONSES_SEEN_EVENT, onSeen);
    };
  }, [enabled]);
  return count;
}
