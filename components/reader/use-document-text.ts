"use client";
// The document's text and its structure. A long document arrives in two parts: the page carries its
// first screens (rendered on the server, so they show before any script runs) with the structure ranges
// that start in them, and the rest of both is fetched once the page is interactive, so the text travels
// once instead of twice (HTML + React's payload).
import { startTransition, useCallback, useEffect, useMemo, useState } from "react";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";
import { layoutBlocks, outlineOf } from "@/lib/documents/layout";
import type { StructureRange } from "@/lib/documents/structure";
import { apiFetch } from "@/lib/client/api";

export function useDocumentText(options: { documentId: string; initialText: string; length: number; perLine: boolean; initialRanges: readonly StructureRange[] }) {
  const { documentId, length, perLine } = options;
  const [text, setText] = useState(options.initialText);
  const [ranges, setRanges] = useState(options.initialRanges);
  const [failed, setFailed] = useState(false);
  const index = useMemo(() => new CodePointIndex(text), [text]);
  const complete = index.length >= length;
  const blocks = useMemo(
    () =>
      layoutBlocks({
        ranges,
        length: index.length,
        paragraphs: paragraphs(index, { perLine }),
        trim: (start, end) => {
          const piece = index.slice(start, end);
          const lead = piece.length - piece.trimStart().length;
          const body = piece.trim();
          if (!body) return null;
          const from = start + Array.from(piece.slice(0, lead)).length;
          return { start: from, end: from + Array.from(body).length };
        },
      }),
    [index, perLine, ranges],
  );
  const outline = useMemo(() => outlineOf(blocks, (s, e) => index.slice(s, e)), [blocks, index]);
  const headingIds = useMemo(() => new Map(outline.map((h) => [h.start, h.id])), [outline]);

  const load = useCallback(
    () =>
      Promise.all([
        apiFetch<{ text: string }>(`/api/documents/${documentId}`),
        apiFetch<{ structure: { ranges: StructureRange[] } }>(`/api/documents/${documentId}/structure`),
      ]).then(
        ([doc, structure]) =>
          startTransition(() => {
            setText(doc.text);
            setRanges(structure.structure.ranges);
          }),
        () => setFailed(true),
      ),
    [documentId],
  );
  useEffect(() => {
    if (!complete) void load();
    // once, on mount: the rest is loaded a single time
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const retry = useCallback(() => {
    setFailed(false);
    void load();
  }, [load]);

  return { text, index, blocks, outline, headingIds, ranges, complete, failed, retry };
}
