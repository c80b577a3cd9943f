import { connection } from "next/server";
import { NotFoundMessage } from "@/components/layout/not-found-message";

export const metadata = { title: "Page not found" };

// Every unknown address, with its own header (no workbench layout around it); a notFound() in a workbench
// page gets app/(workbench)/not-found.tsx. Rendered per request (connection()), like every page: a
// prerendered 404 would carry no CSP nonce (proxy.ts), and the browser would block its scripts.
export default async function NotFound() {
  await connection();
  return <NotFoundMessage />;
}
