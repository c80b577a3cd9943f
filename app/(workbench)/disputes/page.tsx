// /disputes — the open disputes queue for editors and admins (annotations with open disputes and no ruling).
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/session";
import { listOpenDisputes } from "@/lib/annotations/rulings";
import { OpenDisputesView } from "@/components/disputes/open-disputes-view";
import { FreshOnReturn } from "@/components/layout/fresh-on-return";

export const metadata = { title: "Open disputes" };

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// Lenient: a hand-edited page number falls back to the first page instead of an error page.
const querySchema = z.object({ page: z.preprocess(first, z.coerce.number().int().min(1).max(100_000)).catch(1) });

type Props = Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export default async function OpenDisputesPage({ searchParams }: Props) {
  const user = await requirePageUser({ page: "disputes" });
  const { page } = querySchema.parse(await searchParams);
  return (
    <main className="page">
      <FreshOnReturn render={crypto.randomUUID()} />
      <OpenDisputesView data={await listOpenDisputes({ user, page })} viewerId={user.id} />
    </main>
  );
}
