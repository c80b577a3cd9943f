// /documents/[id]/versions — every version of a document (who, when, change note), the changes between
// any two (?from=&to=, default: the previous version to the current one; changes of whitespace only
// left out unless ?whitespace=show), what needs a check after the
// latest version, and for admins and reviewers the form to add a new version. Read again when shown by Back
// or after a minute away (FreshOnReturn), since Needs check is worked through in the reader.
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { canWrite } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { diffVersions, listVersions } from "@/lib/documents/versions";
import { listAnnotationsOnVersion } from "@/lib/annotations/anchoring";
import { VersionsView } from "@/components/versions/versions-view";
import { FreshOnReturn } from "@/components/layout/fresh-on-return";

type Search = Record<string, string | string[] | undefined>;
type Props = Readonly<{ params: Promise<{ id: string }>; searchParams: Promise<Search> }>;

const number = (v: string | string[] | undefined) => {
  const n = Number(Array.isArray(v) ? v[0] : v);
  return Number.isInteger(n) && n >= 1 ? n : null;
};

async function load(id: string) {
  try {
    return await listVersions({ documentId: id });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  // Nothing about a document before sign-in (as the reader's): redirected before any lookup.
  await requirePageUser({ next: `/documents/${id}/versions` });
  const { document } = await load(id);
  return { title: `Versions of ${document.title}` };
}

export default async function VersionsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const search = await searchParams;
  const user = await requirePageUser({ next: `/documents/${id}/versions` });
  const { document, versions } = await load(id);
  let compare: { from: number; to: number; showWhitespace: boolean } | null = null;
  let diff = null;
  let diffError: string | null = null;
  if (versions.length > 1) {
    const to = number(search.to) ?? document.version;
    compare = { from: number(search.from) ?? Math.max(1, to - 1), to, showWhitespace: search.whitespace === "show" };
    if (compare.from === compare.to && compare.to > 1 && number(search.from) === null) compare.from = compare.to - 1;
    try {
      diff = await diffVersions({ documentId: id, from: compare.from, to: compare.to, ignoreWhitespace: !compare.showWhitespace });
    } catch (error) {
      if (!(error instanceof AppError && error.code === "NOT_FOUND")) throw error;
      diffError = error.message;
    }
  }
  const { annotations: needsCheck } = await listAnnotationsOnVersion({ documentId: id, anchor: "needs-check" });
  return (
    <main className="page wide versions-page">
      {/* Needs check, shown again by Back after fixing one in the reader (or after a minute away), is read again. */}
      <FreshOnReturn render={crypto.randomUUID()} />
      <VersionsView
        document={{ id: document.id, title: document.title, version: document.version }}
        versions={versions}
        compare={compare}
        diff={diff}
        diffError={diffError}
        needsCheck={needsCheck}
        canAdd={canWrite(user)}
      />
    </main>
  );
}
