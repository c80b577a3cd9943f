import { requirePageUser } from "@/lib/auth/session";
import { findDeletedAnnotations } from "@/lib/annotations/service";
import { DeletedAnnotations } from "@/components/admin/deleted-annotations";

export const metadata = { title: "Deleted annotations" };

export default async function DeletedAnnotationsPage() {
  const user = await requirePageUser({ roles: ["admin"] });
  const annotations = await findDeletedAnnotations({ user });
  return (
    <main className="page">
      <h1>Deleted annotations</h1>
      <p className="muted">Deletion is soft: restore an annotation and it appears again for everyone.</p>
      <DeletedAnnotations initial={annotations} />
    </main>
  );
}
