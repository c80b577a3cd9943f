import { requirePageUser } from "@/lib/auth/session";
import { canWrite, isAdmin } from "@/lib/auth/roles";
import { deniedNotice } from "@/lib/auth/page-access";
import { listDocuments, listPublishers } from "@/lib/documents/service";
import { parseListQueryLeniently, tooLongSearch } from "@/lib/documents/list-query";
import { LibraryView } from "@/components/library/library-view";
import { FreshOnReturn } from "@/components/layout/fresh-on-return";

export const metadata = { title: "Library" };

type Props = Readonly<{ searchParams: Promise<Record<string, string | string[] | undefined>> }>;

export default async function LibraryPage({ searchParams }: Props) {
  const user = await requirePageUser();
  const params = await searchParams;
  const query = parseListQueryLeniently(params);
  if (query.deleted && !isAdmin(user)) query.deleted = false;
  const [result, publishers] = await Promise.all([listDocuments({ user, query }), listPublishers()]);
  return (
    <main className="page wide">
      <FreshOnReturn render={crypto.randomUUID()} />
      <LibraryView
        rows={result.documents}
        total={result.total}
        pageCount={result.pageCount}
        query={query}
        tooLong={tooLongSearch(params)}
        publishers={publishers}
        canAdd={canWrite(user)}
        isAdmin={isAdmin(user)}
        denied={deniedNotice(params.denied, user.role)}
      />
    </main>
  );
}
