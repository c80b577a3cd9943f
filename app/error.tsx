"use client";
// An error while rendering a page: the app's look, a way to retry, and a reference for the server log,
// never the error's message or stack. When the database cannot be reached, or every connection to it is
// busy (the error's digest names which, or GET /api/health answers 503 UNAVAILABLE or BUSY), it says which
// and loads the page again by itself once the database answers.
import { StatusPage } from "@/components/layout/status-page";
import { useDatabaseWait } from "@/components/layout/use-database-wait";

/** What the page says while it waits for the database, by what the database's trouble is. */
const WAITING = {
  unavailable: {
    title: "The database cannot be reached",
    text: "Apparatus cannot reach its database just now (it may be restarting). Nothing you saved is lost. This page loads again by itself once the database is back.",
  },
  busy: {
    title: "Apparatus is busy",
    text: "The server is too busy to show this page just now (every connection to its database is in use). Nothing you saved is lost. This page loads again by itself in a moment.",
  },
} as const;

export default function ErrorPage({ error, reset }: Readonly<{ error: Error & { digest?: string }; reset: () => void }>) {
  const database = useDatabaseWait(error.digest);
  if (database !== "unknown") {
    const { title, text } = WAITING[database];
    return (
      <StatusPage code="503" title={title}>
        <p role="status">{text}</p>
        <p className="status-actions">
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load after an error */}
          <a href="/">Go to the library</a>
        </p>
      </StatusPage>
    );
  }
  return (
    <StatusPage code="Error" title="Something went wrong">
      <p>The page could not be shown. Nothing you saved is lost; try again, or go back to the library.</p>
      <p className="status-actions">
        <button type="button" className="primary" onClick={reset}>
          Try again
        </button>
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load after an error */}
        <a href="/">Go to the library</a>
      </p>
      {error.digest && <p className="muted small">Reference for an administrator: {error.digest}</p>}
    </StatusPage>
  );
}
