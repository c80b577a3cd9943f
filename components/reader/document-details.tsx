"use client";
// The document's title and details above its text, kept current: an admin's change reaches the open page
// as a `document.details` live event (use-live-document.ts hands it on as a window event, since the title
// sits outside the workbench that holds the stream). The browser tab's title follows.
import { useEffect, useRef, useState, type ReactNode } from "react";
import type { DocumentDetails } from "@/lib/documents/details";
import { TITLE_END } from "@/lib/site-title";

export const DOCUMENT_DETAILS_EVENT = "apparatus:document-details";
export type DocumentDetailsChange = { documentId: string; document: DocumentDetails };

function useDocumentDetails(documentId: string, initial: DocumentDetails): DocumentDetails {
  const [details, setDetails] = useState(initial);
  useEffect(() => {
    const onChange = (event: Event) => {
      const change = (event as CustomEvent<DocumentDetailsChange>).detail;
      if (change.documentId === documentId) setDetails(change.document);
    };
    window.addEventListener(DOCUMENT_DETAILS_EVENT, onChange);
    return () => window.removeEventListener(DOCUMENT_DETAILS_EVENT, onChange);
  }, [documentId]);
  return details;
}

export function DocumentTitle({ documentId, initial }: Readonly<{ documentId: string; initial: DocumentDetails }>) {
  const { title } = useDocumentDetails(documentId, initial);
  const first = initial.title;
  const shown = useRef(first);
  useEffect(() => {
    // The tab's title is the document's in the root layout's template: the new one replaces the one the
    // page was rendered with (or the one put there before), also when the router renders the page's
    // metadata anew or late (it streams in after the page: then it sets the first one).
    const now = title + TITLE_END;
    const ours = new Set([first + TITLE_END, shown.current + TITLE_END]);
    shown.current = title;
    const apply = () => {
      if (window.document.title !== now && ours.has(window.document.title)) window.document.title = now;
    };
    apply();
    if (title === first) return;
    const observer = new MutationObserver(apply);
    observer.observe(window.document.head, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [title, first]);
  return <h1>{title}</h1>;
}

/** The line of details under the title; `words` and `children` (the version menu) do not change with them. */
export function DocumentMeta({ documentId, initial, words, children }: Readonly<{ documentId: string; initial: DocumentDetails; words: number; children?: ReactNode }>) {
  const d = useDocumentDetails(documentId, initial);
  return (
    <>
      <span>{d.kind}</span>
      {d.publisher && <span>{d.publisher}</span>}
      {d.author && <span>by {d.author}</span>}
      {d.publishedAt && <span>published {d.publishedAt}</span>}
      <span>{words.toLocaleString("en")} words</span>
      {children}
      {d.sourceUrl && (
        <a href={d.sourceUrl} rel="nofollow noopener noreferrer" target="_blank">
          source
        </a>
      )}
    </>
  );
}
