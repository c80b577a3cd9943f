import Link from "next/link";
import { StatusPage } from "./status-page";

/** The 404 message and ways on: app/not-found.tsx with its own header, app/(workbench)/not-found.tsx inside the workbench. */
export function NotFoundMessage({ inWorkbench = false }: Readonly<{ inWorkbench?: boolean }>) {
  return (
    <StatusPage code="404" title="Page not found" inWorkbench={inWorkbench}>
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
