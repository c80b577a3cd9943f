import { connection } from "next/server";
import { NotFoundMessage } from "@/components/layout/not-found-message";

export const metadata = { title: "Page not found" };

// notFound() in a workbench page (a missing or deleted document, say): the workbench layout is already
// there, header and all, so only the message (the root 404 would add a second, bare header). Per request
// for the CSP nonce, like app/not-found.tsx.
export default async function WorkbenchNotFound() {
  await connection();
  return <NotFoundMessage inWorkbench />;
}
