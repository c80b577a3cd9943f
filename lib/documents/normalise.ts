// Line-ending normalisation shared by every import path (plain text, HTML and Markdown sources).

/** "\r\n" and lone "\r" become "\n"; one leading byte-order mark is removed; nothing else changes. */
export function normaliseText(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, "\n");
}
