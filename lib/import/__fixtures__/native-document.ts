// A document as a native export file carries it, for the import's tests: a blog post with no other
// metadata, version 1, its text's hash and length, the given annotations and an empty summary.
import { cpLength, sha256Hex } from "@/lib/documents/extract";
import type { NativeAnnotation, NativeDocument } from "@/lib/export/native";

export function nativeBlogDocument(input: { id: string; title: string; text: string; createdAt: string; annotations: NativeAnnotation[] }): NativeDocument {
  const { id, title, text, createdAt, annotations } = input;
  const length = cpLength(text);
  const none = { sourced: 0, contested: 0, opinion: 0 };
  return {
    id,
    title,
    kind: "blog",
    publisher: null,
    author: null,
    publishedAt: null,
    sourceUrl: null,
    createdAt,
    version: 1,
    textSha256: sha256Hex(text),
    length,
    text,
    annotations,
    summary: { documentId: id, length, counts: none, reviewers: 0, coverage: 0, shares: none, reliability: null, agreement: null, agreementReviewers: 0, disputed: [] },
  };
}
