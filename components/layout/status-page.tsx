import type { ReactNode } from "react";

/**
 * The look of the 404 and error pages: the brand and one message in a panel, with ways on. Plain
 * markup (no hooks), so the client error boundaries can use it too. Never shows error details.
 * `inWorkbench`: inside the workbench layout, which already has the header and the #content wrapper,
 * only the panel (one header on the page, one #content).
 */
export function StatusPage({ code, title, children, inWorkbench = false }: Readonly<{ code: string; title: string; children: ReactNode; inWorkbench?: boolean }>) {
  if (inWorkbench) {
    return (
      <main className="status-page">
        <p className="status-code">{code}</p>
        <h1>{title}</h1>
        {children}
      </main>
    );
  }
  return (
    <div className="status-shell">
      <header className="app-header status-header">
        {/* A plain link: after an error the client router may be what broke. */}
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
        <a href="/" className="brand">
          Apparatus
        </a>
      </header>
      <main className="status-page" id="content">
        <p className="status-code">{code}</p>
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
