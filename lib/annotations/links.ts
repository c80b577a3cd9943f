// The annotation's permalink: the reader at the document, focused on the annotation. Used by the open
// disputes page and as the ClaimReview export's `url`.
export function annotationPermalinkPath(documentId: string, annotationId: string): string {
  return `/documents/${encodeURIComponent(documentId)}?a=${encodeURIComponent(annotationId)}`;
}

/** The same, absolute, under a public origin such as "https://apparatus.example.org". */
export function annotationPermalink(baseUrl: string, documentId: string, annotationId: string): string {
  return `${baseUrl.replace(/\/+$/, "")}${annotationPermalinkPath(documentId, annotationId)}`;
}
