"use client";
// The document's text. A long document arrives in two parts: the page carries its first screens
// (rendered on the server, so they show before any script runs), and the rest is fetched once the
// page is interactive, so the text travels once instead of twice (HTML + React's payload).
import { startTransition, useCallback, useEffect, useMemo, useState } from "react";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { paragraphs } from "@/lib/anchoring/segments";
import { apiFetch } from "@/lib/client/api";

export function useDocumentText(options: { documentId: string; initialText: string; length: number; perLine: boolean }) {
  const { documentId, length, perLine } = options;
  const [text, setText] = useState(options.initialText);
  const [failed, setFailed] = useState(false);
  const index = useMemo(() => new CodePointIndex(text), [text]);
  const complete = index.length >= length;
  const blocks = useMemo(() => paragraphs(index, { perLine }), [index, perLine]);

  const load = useCallback(
    () =>
      apiFetch<{ text: string }>(`/api/documents/${documentId}`).then(
        (doc) => startTransition(() => setText(doc.text)),
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

  return { text, index, blocks, complete, failed, retry };
}
