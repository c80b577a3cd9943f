// A database state for the export/import tests, built through the real services on the throw-away
// unit database: three documents (astral characters, curly quotes, a repeated phrase), annotations
// of all three classes with formatted notes and evidence, an edited one, a deleted one, replies
// (one deleted), verdicts (one dispute adopted by the author, one resolved by a ruling) and an editor's
// ruling. Every text carries a tag, so the state can be built more than once.
import crypto from "node:crypto";
import { db } from "@/lib/testing/db";
import { CodePointIndex } from "@/lib/anchoring/codepoints";
import { createDocument } from "@/lib/documents/service";
import { createAnnotation, deleteAnnotation, updateAnnotation } from "@/lib/annotations/service";
import { setVerdict } from "@/lib/annotations/discussion";
import { setRuling } from "@/lib/annotations/rulings";
import type { Classification, EvidenceDTO } from "@/lib/annotations/types";
import type { CurrentUser, Role } from "@/lib/auth/roles";
import type { NoteDoc, NoteParagraph } from "@/lib/notes/schema";
import { noteToPlainText } from "@/lib/notes/text";

export interface DbState {
  tag: string;
  users: { ada: CurrentUser; rosa: CurrentUser; victor: CurrentUser; edith: CurrentUser };
  documents: Array<{ id: string; title: string; text: string }>;
  /** Live annotation ids per document, and the deleted one. */
  annotationIds: string[];
  deletedAnnotationId: string;
  deletedReplyId: string;
  /** The ruled annotation (c1: sourced by Rosa, ruled contested by Edith) and the adopted one (a5). */
  ruledAnnotationId: string;
  adoptedAnnotationId: string;
  counts: { annotations: number; replies: number; verdicts: number };
}

async function user(role: Role, name: string): Promise<CurrentUser> {
  const email = `${crypto.randomUUID().slice(0, 8)}@state.apparatus.test`;
  const row = await db.user.create({ data: { email, name, role, passwordHash: "scrypt$unused" } });
  return { id: row.id, email, name, role, via: "session" };
}

const text = (t: string): NoteParagraph => ({ type: "paragraph", content: [{ type: "text", text: t }] });
export const RICH_NOTE: NoteDoc = {
  type: "doc",
  content: [
    {
      type: "paragraph",
      content: [
        { type: "text", text: "Needs a " },
        { type: "text", text: "primary", marks: [{ type: "bold" }] },
        { type: "text", text: " source, see " },
        { type: "text", text: "the archive", marks: [{ type: "link", attrs: { href: "https://example.org/archive" } }] },
        { type: "hardBreak" },
        { type: "text", text: "— 📜 noted", marks: [{ type: "italic" }] },
      ],
    },
    { type: "bulletList", content: [{ type: "listItem", content: [text("first point")] }, { type: "listItem", content: [text("second 𝒷 point")] }] },
    { type: "blockquote", content: [text("Quoted “claim”.")] },
  ],
};

/** Code point offsets of the `occurrence`-th (0-based) `needle` in `t`. */
export function spanOf(t: string, needle: string, occurrence = 0): { start: number; end: number; quote: string } {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = t.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture: “${needle}” #${occurrence} not in text`);
  }
  const index = new CodePointIndex(t);
  const start = index.toCodePoint(at);
  return { start, end: start + [...needle].length, quote: needle };
}

export async function buildDbState(tag = crypto.randomUUID().slice(0, 8)): Promise<DbState> {
  const ada = await user("admin", "Ada Admin");
  const rosa = await user("reviewer", "Rosa Réviewer 📜");
  const victor = await user("reviewer", "Victor Verdict");
  const edith = await user("editor", "Edith Éditrice");

  const texts = [
    `[${tag}] The 𝔄pparatus report 📜 says “the harvest doubled” [8].\n` +
      "Critics call it “a fantasy”; others 𝒷elieve it will last forever — a bold claim.\n\n" +
      "Later the minister said the harvest doubled again, which nobody checked.\n" +
      "The minister resigned in 1952, according to the archive.",
    `[${tag}] Chat log 😀: “We won the vote,” wrote the admin.\nNobody else was there to see it.`,
    `[${tag}] A short encyclopedia entry on 𝐌𝐚𝐭𝐡 letters — they are outside the BMP.\nSee reference [3] for the table.`,
  ];
  const metas = [
    { title: `Harvest editorial ${tag}`, kind: "newspaper", publisher: "The Daily 𝔗ribune", author: "A. Writer", publishedAt: "1952-03", sourceUrl: "https://example.org/tribune/1952" },
    { title: `Reposted chat ${tag}`, kind: "transcript", publisher: null, author: null, publishedAt: null, sourceUrl: null },
    { title: `Math letters ${tag}`, kind: "encyclopedia", publisher: "Wikipedia", author: null, publishedAt: "2020-01-02", sourceUrl: null },
  ] as const;
  const documents: DbState["documents"] = [];
  for (let i = 0; i < texts.length; i++) {
    const doc = await createDocument({ text: texts[i], metadata: { ...metas[i] } });
    documents.push({ id: doc.id, title: doc.title, text: texts[i] });
  }

  const annotate = async (
    who: CurrentUser,
    doc: number,
    needle: string,
    classification: Classification,
    extra: { occurrence?: number; note?: NoteDoc; evidence?: EvidenceDTO[] } = {},
  ) => {
    const span = spanOf(documents[doc].text, needle, extra.occurrence ?? 0);
    const created = await createAnnotation({
      user: who,
      documentId: documents[doc].id,
      input: { ...span, classification, note: extra.note, evidence: extra.evidence ?? [] },
    });
    return created.id;
  };

  const a1 = await annotate(rosa, 0, "the harvest doubled” [8]", "sourced", {
    note: RICH_NOTE,
    evidence: [
      { citation: "Ministry yearbook 1951, p. 12" },
      { url: "https://example.org/yearbook" },
      { citation: "Deutscher, The Prophet Armed, p. 12", url: "https://example.org/deutscher?p=12" },
    ],
  });
  const a2 = await annotate(victor, 0, "a fantasy", "contested", { evidence: [{ url: "https://example.org/critique" }] });
  const a3 = await annotate(rosa, 0, "𝒷elieve it will last forever — a bold claim", "opinion");
  // the second of two "the harvest doubled": prefix and suffix choose it on re-anchoring
  const a4 = await annotate(victor, 0, "the harvest doubled", "contested", { occurrence: 1 });
  const a5 = await annotate(rosa, 0, "The minister resigned in 1952", "sourced", {
    note: { type: "doc", content: [text("Archive file 7")] },
  });
  const overlap = await annotate(victor, 0, "report 📜 says “the harvest", "opinion"); // overlaps a1
  const b1 = await annotate(rosa, 1, "“We won the vote,”", "opinion");
  const b2 = await annotate(victor, 1, "Nobody else was there", "contested");
  const c1 = await annotate(rosa, 2, "𝐌𝐚𝐭𝐡 letters", "sourced", { evidence: [{ citation: "Unicode 15, ch. 22" }] });
  const deleted = await annotate(rosa, 2, "See reference [3]", "contested");

  await updateAnnotation({ user: rosa, id: a3, input: { classification: "contested", note: { type: "doc", content: [text("Edited: a prediction")] } } });
  await deleteAnnotation({ user: rosa, id: deleted });

  const reply = async (annotationId: string, who: CurrentUser, body: NoteDoc, deletedAt: Date | null = null) => {
    const row = await db.reply.create({
      data: { annotationId, authorId: who.id, body: JSON.stringify(body), bodyText: noteToPlainText(body), deletedAt },
    });
    return row.id;
  };
  await reply(a2, rosa, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Agreed, see " }, { type: "text", text: "page 4", marks: [{ type: "bold" }] }] }] });
  await reply(a2, ada, { type: "doc", content: [text("Moderator: keep it civil 😀")] });
  await reply(b1, victor, { type: "doc", content: [text("Which vote?")] });
  const deletedReply = await reply(a2, victor, { type: "doc", content: [text("withdrawn")] }, new Date());

  const verdict = (annotationId: string, who: CurrentUser, v: "agree" | "dispute", proposedClass: Classification | null = null) =>
    db.verdict.create({ data: { annotationId, reviewerId: who.id, verdict: v, proposedClass } });
  await verdict(a2, rosa, "dispute", "opinion");
  await verdict(a2, ada, "agree");
  await verdict(a1, victor, "agree");
  await verdict(b2, rosa, "dispute", "opinion");
  await verdict(c1, victor, "dispute", "contested");
  // Through the services: Victor disputes a5, Rosa adopts his class (resolved, adopted); Edith rules on
  // c1 (Victor's dispute there resolved, ruled).
  await setVerdict({ user: victor, annotationId: a5, verdict: "dispute", proposedClass: "contested" });
  await updateAnnotation({ user: rosa, id: a5, input: { classification: "contested" } });
  await setRuling({
    user: edith,
    annotationId: c1,
    classification: "contested",
    rationale: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "The table is in " }, { type: "text", text: "chapter 22", marks: [{ type: "italic" }] }, { type: "text", text: ", not in [3] 𝐌." }] }] },
  });

  return {
    tag,
    users: { ada, rosa, victor, edith },
    documents,
    annotationIds: [a1, a2, a3, a4, a5, overlap, b1, b2, c1],
    deletedAnnotationId: deleted,
    deletedReplyId: deletedReply,
    ruledAnnotationId: c1,
    adoptedAnnotationId: a5,
    counts: { annotations: 9, replies: 3, verdicts: 6 },
  };
}

/** All chunks of an export, joined. */
export async function collectText(chunks: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const chunk of chunks) out += chunk;
  return out;
}
