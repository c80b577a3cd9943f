// /corpus — every live document's reliability with its interval (a sortable dot plot that is also a table), and the claims pooled per publisher and per kind.
import { z } from "zod";
import { requirePageUser } from "@/lib/auth/session";
import { summarizeCorpusReport } from "@/lib/summary/service";
import { CorpusView } from "@/components/summary/corpus-chart";
import { CORPUS_SORTS, DEFAULT_CORPUS_DIRECTION } from "@/lib/summary/corpus-order";
import { FreshOnReturn } from "@/components/layout/fresh-on-return";

export const metadata = { title: "Corpus" };

const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
// Lenient: a hand-edited or stale query string falls back to the default order instead of an error page.
const querySchema = z.object({
  sort: z.preprocess(first, z.enum(CORPUS_SORTS)).catch("reliability"),
  dir: z.preprocess(first, z.enum(["asc", "desc"]).optional()).catch(undefined),
});

type Props = Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export default async function CorpusPage({ searchParams }: Props) {
  await requirePageUser();
  const query = querySchema.parse(await searchParams);
  const report = await summarizeCorpusReport();
  return (
    <main className="page wide">
      <FreshOnReturn render={crypto.randomUUID()} />
      <CorpusView report={report} sort={query.sort} dir={query.dir ?? DEFAULT_CORPUS_DIRECTION[query.sort]} />
    </main>
  );
}
