"use client";
// An error in the root layout itself: this replaces the whole document, so it brings its own <html>.
import "./globals.css";
import { StatusPage } from "@/components/layout/status-page";
import { TITLE_END } from "@/lib/site-title";

export default function GlobalError({ error, reset }: Readonly<{ error: Error & { digest?: string }; reset: () => void }>) {
  return (
    <html lang="en">
      <body>
        <title>{`Something went wrong${TITLE_END}`}</title>
        <StatusPage code="Error" title="Something went wrong">
          <p>Apparatus could not show this page. Try again in a moment.</p>
          <p className="status-actions">
            <button type="button" className="primary" onClick={reset}>
              Try again
            </button>
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load after an error */}
            <a href="/">Go to the library</a>
          </p>
          {error.digest && <p className="muted small">Reference for an administrator: {error.digest}</p>}
        </StatusPage>
      </body>
    </html>
  );
}
