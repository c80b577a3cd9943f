import Link from "next/link";
import { connection } from "next/server";
import { StatusPage } from "@/components/layout/status-page";

export const metadata = { title: "Page not found" };

// Every unknown address, and every notFound() (a missing or deleted document, say). Rendered per request
// (connection()), like every page: a prerendered 404 would carry no CSP nonce (proxy.ts), and the
// browser would block its scripts.
export default async function NotFound() {
  await connection();
  return (
    <StatusPage code="404" title="Page not found">
      <p>There is nothing at this address. The document may have been deleted, or the link may be mistyped.</p>
      <p className="status-actions">
        <Link href="/" className="button primary">
          Go to the library
        </Link>
        <Link href="/corpus">Corpus</Link>
      </p>
    </StatusPage>
  );
}
