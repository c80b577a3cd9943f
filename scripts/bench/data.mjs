// Test data written straight into the bench database with better-sqlite3: reviewer accounts and many
// annotations in one transaction (seconds for 100,000, where the API would take minutes). The rows
// have the shape the app writes: code point offsets, quote/prefix/suffix as code point slices of the
// stored text, Tiptap JSON notes, evidence, and some verdicts and replies so summaries and exports
// have disputes and threads to carry.
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { rng } from "./lib.mjs";

export const CONTEXT = 32; // code points of prefix/suffix, as lib/anchoring/quote.ts CONTEXT_LENGTH
const CLASSES = ["sourced", "contested", "opinion"];
const BLANK = /^[\s\p{Cf}]*$/u; // what the server refuses as a whitespace-only span

/** The timestamp format Prisma writes into SQLite DATETIME columns with this adapter. */
export const sqlDate = (d) => d.toISOString().replace("Z", "+00:00");

let idCounter = 0;
/** cuid-like ids (lower-case, 25 characters), unique within a run. */
export function newId() {
  idCounter++;
  return `c${Date.now().toString(36)}${idCounter.toString(36).padStart(5, "0")}${crypto.randomBytes(5).toString("hex")}`.slice(0, 25);
}

export const note = (text) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

export function openDb(file) {
  const db = new Database(file);
  // The same per-connection settings as lib/db.ts, so raw writes are measured under the same durability.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 10000");
  return db;
}

/**
 * Random but realistic spans over a text: claims of a few words to a few sentences (log-normal
 * length, median ~60 code points), starting at a word and ending after one. Offsets are code points.
 */
export class SpanMaker {
  constructor(text, seed) {
    this.cps = Array.from(text);
    this.random = rng(seed);
  }

  next() {
    const { cps, random } = this;
    const L = cps.length;
    for (;;) {
      let start = Math.floor(random() * L);
      while (start > 0 && !/\s/u.test(cps[start - 1]) && random() < 0.97) start--; // back to a word start
      const gauss = Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
      const length = Math.max(3, Math.min(600, Math.round(Math.exp(Math.log(60) + 0.8 * gauss))));
      let end = Math.min(L, start + length);
      while (end < L && end - start < length + 20 && !/\s/u.test(cps[end])) end++; // to a word end
      while (end > start && /\s/u.test(cps[end - 1])) end--;
      if (end <= start) continue;
      const quote = cps.slice(start, end).join("");
      if (BLANK.test(quote)) continue;
      return {
        start,
        end,
        quote,
        prefix: cps.slice(Math.max(0, start - CONTEXT), start).join(""),
        suffix: cps.slice(end, end + CONTEXT).join(""),
      };
    }
  }
}

/** Adds reviewer accounts that can sign in with `password` (they reuse a demo account's hash). */
export function addReviewers(db, { count, copyHashFrom, prefix = "bench", label = "Bench Reviewer" }) {
  const hash = db.prepare("SELECT passwordHash FROM User WHERE email = ?").get(copyHashFrom)?.passwordHash;
  if (!hash) throw new Error(`no account ${copyHashFrom} to copy a password hash from`);
  const insert = db.prepare(
    `INSERT INTO User (id, email, name, role, active, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, 'reviewer', 1, ?, ?, ?)`,
  );
  const now = sqlDate(new Date());
  const added = [];
  for (let i = 1; i <= count; i++) {
    const user = { id: newId(), email: `${prefix}-${i}@bench.apparatus`, name: `${label} ${i}` };
    insert.run(user.id, user.email, user.name, hash, now, now);
    added.push(user);
  }
  return added;
}

/**
 * Inserts `count` annotations on one document in a single transaction, authors chosen round-robin
 * from `authorIds`. About 1 in 10 gets a verdict and 1 in 20 a reply from another reviewer.
 * Returns { annotations, evidence, verdicts, replies } counts.
 */
export function insertAnnotations(db, { documentId, text, authorIds, count, seed }) {
  const spans = new SpanMaker(text, seed);
  const random = rng(seed ^ 0x5eed);
  const ins = {
    annotation: db.prepare(
      `INSERT INTO Annotation (id, documentId, authorId, start, "end", quote, prefix, suffix, classification, note, noteText, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    evidence: db.prepare(`INSERT INTO Evidence (id, annotationId, position, citation, url) VALUES (?, ?, 0, ?, ?)`),
    verdict: db.prepare(
      `INSERT INTO Verdict (id, annotationId, reviewerId, verdict, proposedClass, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    reply: db.prepare(
      `INSERT INTO Reply (id, annotationId, authorId, body, bodyText, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  const counts = { annotations: 0, evidence: 0, verdicts: 0, replies: 0 };
  // Spread over the last 30 days, oldest first, all in the past (exports read "as of now").
  const t0 = Date.now() - 30 * 86_400_000;
  const step = (29 * 86_400_000) / Math.max(1, count);
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const s = spans.next();
      const id = newId();
      const author = authorIds[i % authorIds.length];
      const cls = CLASSES[random() < 0.4 ? 0 : random() < 0.58 ? 1 : 2];
      const noteText = `Bench note ${i}: ${cls} claim, checked against the cited literature.`;
      const at = sqlDate(new Date(t0 + i * step));
      ins.annotation.run(id, documentId, author, s.start, s.end, s.quote, s.prefix, s.suffix, cls, JSON.stringify(note(noteText)), noteText, at, at);
      counts.annotations++;
      if (cls === "sourced") {
        ins.evidence.run(newId(), id, `Deutscher, The Prophet Armed, p. ${1 + (i % 500)}`, random() < 0.5 ? `https://example.org/source/${i}` : null);
        counts.evidence++;
      }
      const other = authorIds[(i + 1 + Math.floor(random() * (authorIds.length - 1))) % authorIds.length];
      if (other !== author && random() < 0.1) {
        const dispute = random() < 0.4;
        ins.verdict.run(newId(), id, other, dispute ? "dispute" : "agree", dispute ? CLASSES[(CLASSES.indexOf(cls) + 1) % 3] : null, at, at);
        counts.verdicts++;
      }
      if (other !== author && random() < 0.05) {
        const body = `Reply ${i}: which edition is this page number from?`;
        ins.reply.run(newId(), id, other, JSON.stringify(note(body)), body, at, at);
        counts.replies++;
      }
    }
  })();
  return counts;
}

export function liveAnnotationCount(db, documentId) {
  const row = documentId
    ? db.prepare(`SELECT COUNT(*) n FROM Annotation WHERE documentId = ? AND deletedAt IS NULL`).get(documentId)
    : db.prepare(`SELECT COUNT(*) n FROM Annotation WHERE deletedAt IS NULL`).get();
  return row.n;
}

/**
 * One create with the writes of createAnnotation (lib/annotations/service.ts) as raw prepared
 * statements in one transaction: the annotation, its evidence, the author's name for the answer,
 * the stored live event and the document's activity time.
 */
export function rawCreator(db) {
  const stmt = {
    annotation: db.prepare(
      `INSERT INTO Annotation (id, documentId, authorId, start, "end", quote, prefix, suffix, classification, note, noteText, version, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    ),
    evidence: db.prepare(`INSERT INTO Evidence (id, annotationId, position, citation, url) VALUES (?, ?, ?, ?, ?)`),
    author: db.prepare(`SELECT id, name FROM User WHERE id = ?`),
    event: db.prepare(`INSERT INTO DocumentEvent (documentId, type, payload, createdAt) VALUES (?, 'annotation.created', ?, ?)`),
    touch: db.prepare(`UPDATE Document SET lastActivityAt = ?, updatedAt = ? WHERE id = ?`),
  };
  return db.transaction((documentId, authorId, input) => {
    const id = newId();
    const now = sqlDate(new Date());
    const noteJson = JSON.stringify(input.note);
    const noteText = input.note.content[0].content[0].text;
    stmt.annotation.run(id, documentId, authorId, input.start, input.end, input.quote, input.prefix, input.suffix, input.classification, noteJson, noteText, now, now);
    input.evidence.forEach((e, i) => stmt.evidence.run(newId(), id, i, e.citation ?? null, e.url ?? null));
    const author = stmt.author.get(authorId);
    const dto = { id, documentId, ...input, noteText, author, createdAt: now, updatedAt: now, version: 1 };
    stmt.event.run(documentId, JSON.stringify({ id }), now); // events are references (lib/events/bus.ts)
    stmt.touch.run(now, now, documentId);
    return dto;
  });
}
