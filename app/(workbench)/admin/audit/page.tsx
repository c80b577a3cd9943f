import { requirePageUser } from "@/lib/auth/session";
import { parseAuditSearchLeniently } from "@/lib/audit/schemas";
import { listAuditEvents, listAuditPeople } from "@/lib/audit-log/service";
import { AdminNav } from "@/components/admin/admin-nav";
import { AuditView } from "@/components/admin/audit-view";

export const metadata = { title: "Audit log" };

type Props = Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export default async function AdminAuditPage({ searchParams }: Props) {
  await requirePageUser({ page: "audit" });
  const { query, search, problems } = parseAuditSearchLeniently(await searchParams);
  const [page, people] = await Promise.all([listAuditEvents(query), listAuditPeople()]);
  return (
    <main className="page wide admin-page">
      <h1>Admin</h1>
      <AdminNav current="audit" />
      <AuditView page={page} search={search} people={people} problems={problems} />
    </main>
  );
}
