// /responses — responses to the signed-in person's work, newest first (replies, verdicts, rulings).
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/session";
import { listResponses } from "@/lib/annotations/responses";
import { responsesQuerySchema } from "@/lib/annotations/schemas";
import { ResponsesView } from "@/components/responses/responses-view";
import { FreshOnReturn } from "@/components/layout/fresh-on-return";

export const metadata = { title: "Responses" };

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// Lenient: a hand-edited cursor falls back to the newest responses instead of an error page.
const querySchema = z.object({ before: z.preprocess(first, responsesQuerySchema.shape.before).catch(undefined) });

type Props = Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export default async function ResponsesPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const { before } = querySchema.parse(await searchParams);
  return (
    <main className="page">
      <FreshOnReturn render={crypto.randomUUID()} />
      <ResponsesView data={await listResponses({ user, before })} first={!before} />
    </main>
  );
}
