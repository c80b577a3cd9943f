import type { SnippetPart } from "@/lib/documents/fts-query";

/** A search snippet: plain text with the matching words in <mark> (React elements; no HTML is parsed). */
export function SnippetText({ parts }: Readonly<{ parts: readonly SnippetPart[] }>) {
  return (
    <>
      {parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}
    </>
  );
}
