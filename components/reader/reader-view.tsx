import type { AnnotationDTO, DocumentSpans, OrphanPageDTO, PageSpans } from "@/lib/annotations/types";
import type { CurrentUser } from "@/lib/auth/roles";
import type { StructureRange } from "@/lib/documents/structure";
import type { VersionDTO } from "@/lib/documents/versions";
import { ExportMenu } from "@/components/export/export-menu";
import { VersionMenu } from "@/components/versions/version-menu";
import { documentDetails, type DocumentDetails } from "@/lib/documents/details";
import { Workbench } from "./workbench";
import { DocumentMeta, DocumentTitle } from "./document-details";
import { EarlyHighlights, EarlySpansRequest } from "./early-script";
import "./reader.css";

export interface ReaderDocument extends DocumentDetails {
  id: string;
  words: number;
  /** The number of the current version of the text (earlier ones: /documents/[id]/versions). */
  version: number;
  /** Length of the whole text in code points. */
  length: number;
  /** The text, or for a long document its first part (ending at a paragraph end); the rest is fetched. */
  initialText: string;
  /** How the whole text splits into paragraphs (lib/anchoring/segments.ts readsPerLine). */
  perLine: boolean;
  /** The structure ranges (lib/documents/structure.ts) that start in `initialText`; the rest are fetched with the text. */
  structure: StructureRange[];
}

interface Props {
  document: ReaderDocument;
  spans: PageSpans;
  details: AnnotationDTO[];
  orphans: OrphanPageDTO;
  /** Every version of the text when there are several (the version menu), else empty. */
  versions: VersionDTO[];
  user: Pick<CurrentUser, "id" | "name" | "role">;
  initialAt: { start: number; end: number } | null;
  initialAnnotationId: string | null;
  since: number;
  /** The spans the early script draws before the page's scripts run (all of them, or null: too many to carry). */
  early: DocumentSpans | null;
}

export function ReaderView({ document, spans, details: firstAnnotations, orphans, versions, user, initialAt, initialAnnotationId, since, early }: Readonly<Props>) {
  const current = versions.find((v) => v.number === document.version);
  const details = documentDetails(document);
  return (
    <article className="reader">
      <nav className="skip-links" aria-label="Skip links">
        <a href="#document-text">Skip to the text</a>
        <a href="#annotations">Skip to the annotations</a>
      </nav>
      <div className="reader-title">
        <DocumentTitle documentId={document.id} initial={details} />
        <ExportMenu documentId={document.id} />
      </div>
      {/* Before the text, whose HTML takes a while at 10,000 annotations: the spans are asked for meanwhile. */}
      <EarlySpansRequest spans={spans} />
      <Workbench
        version={{ number: document.version, addedBy: current?.addedBy?.name ?? null }}
        document={{ id: document.id, length: document.length, perLine: document.perLine, initialText: document.initialText, structure: document.structure }}
        meta={
          <DocumentMeta documentId={document.id} initial={details} words={document.words}>
            <VersionMenu documentId={document.id} versions={versions} />
          </DocumentMeta>
        }
        spans={spans}
        details={firstAnnotations}
        orphans={orphans}
        viewer={{ id: user.id, name: user.name, role: user.role }}
        initialAt={initialAt}
        initialAnnotationId={initialAnnotationId}
        since={since}
      />
      {/* After the text: draws its highlights before the page's scripts have loaded. */}
      <EarlyHighlights spans={spans} early={early} />
    </article>
  );
}
