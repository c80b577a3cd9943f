// Line-ending normalisation shared by every import path (plain text, HTML and Markdown sources).

/** "\r\n" and lone "\r" become "\n"; nothing else changes (a text some installation stored already). */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

/** "\r\n" and lone "\r" become "\n"; one leading byte-order mark (an upload's or a paste's) is removed; nothing else changes. */
export function normaliseText(text: string): string {
  return normaliseLineEndings(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
