import { requirePageUser } from "@/lib/auth/session";
import { findDeletedAnnotations } from "@/lib/annotations/service";
import { AdminNav } from "@/components/admin/admin-nav";
import { DeletedAnnotations } from "@/components/admin/deleted-annotations";

export const metadata = { title: "Deleted annotations" };

export default async function DeletedAnnotationsPage() {
  const user = await requirePageUser({ page: "deleted" });
  const annotations = await findDeletedAnnotations({ user });
  return (
    <main className="page wide admin-page">
      <h1>Admin</h1>
      <AdminNav current="deleted" />
      <h2>Deleted annotations</h2>
      <p className="muted">Deletion is soft: restore an annotation and it appears again for everyone.</p>
      <DeletedAnnotations initial={annotations} />
    </main>
  );
}
