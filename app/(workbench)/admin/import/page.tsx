import { requirePageUser } from "@/lib/auth/session";
import { MAX_IMPORT_MB } from "@/lib/import/limits";
import { AdminNav } from "@/components/admin/admin-nav";
import { ImportForm } from "@/components/admin/import-form";

export const metadata = { title: "Import" };

export default async function ImportPage() {
  await requirePageUser({ page: "import" });
  return (
    <main className="page wide admin-page">
      <h1>Admin</h1>
      <AdminNav current="import" />
      <h2>Import</h2>
      <p className="muted">
        Bring in an export of Apparatus (native JSON) or W3C Web Annotations (JSON-LD), up to {MAX_IMPORT_MB} MB. Importing the same file
        twice changes nothing. Documents are matched by their text; annotations are placed by their quotes, and any placed only approximately
        are listed for a check.
      </p>
      <ImportForm />
    </main>
  );
}
