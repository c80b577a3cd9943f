// Test data written straight into the bench database (better-sqlite3 on SQLite, `pg` on PostgreSQL):
// reviewer accounts and many annotations in one transaction (seconds for 100,000, where the API would
// take minutes), the same seeded rows on both engines. The rows
// have the shape the app writes: code point offsets, quote/prefix/suffix as code point slices of the
// stored text, Tiptap JSON notes, evidence, and some verdicts and replies so summaries and exports
// have disputes and threads to carry.
import crypto from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
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

export function openDb(file, synchronous = process.env.SQLITE_SYNCHRONOUS ?? "FULL") {
  const db = new Database(file);
  // The app's per-connection settings (lib/store/sqlite.ts; SQLITE_SYNCHRONOUS, FULL unless set), so
  // raw writes are measured under the same durability as the app's.
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
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

/**
 * The rows of `count` annotations on one document, authors chosen round-robin from `authorIds`: about
 * 1 in 10 gets a verdict and 1 in 20 a reply from another reviewer. Seeded, so every run and both
 * engines get the same annotations (only the ids and times differ). Yields, per annotation,
 * { annotation, evidence?, verdict?, reply? }: column values in the order of TABLES below.
 */
function* annotationRows({ documentId, text, authorIds, count, seed }) {
  const spans = new SpanMaker(text, seed);
  const random = rng(seed ^ 0x5eed);
  // Spread over the last 30 days, oldest first, all in the past (exports read "as of now").
  const t0 = Date.now() - 30 * 86_400_000;
  const step = (29 * 86_400_000) / Math.max(1, count);
  for (let i = 0; i < count; i++) {
    const s = spans.next();
    const id = newId();
    const author = authorIds[i % authorIds.length];
    const cls = CLASSES[random() < 0.4 ? 0 : random() < 0.58 ? 1 : 2];
    const noteText = `Bench note ${i}: ${cls} claim, checked against the cited literature.`;
    const at = sqlDate(new Date(t0 + i * step));
    const row = { annotation: [id, documentId, author, s.start, s.end, s.quote, s.prefix, s.suffix, cls, JSON.stringify(note(noteText)), noteText, at, at] };
    if (cls === "sourced") row.evidence = [newId(), id, 0, `Deutscher, The Prophet Armed, p. ${1 + (i % 500)}`, random() < 0.5 ? `https://example.org/source/${i}` : null];
    const other = authorIds[(i + 1 + Math.floor(random() * (authorIds.length - 1))) % authorIds.length];
    if (other !== author && random() < 0.1) {
      const dispute = random() < 0.4;
      row.verdict = [newId(), id, other, dispute ? "dispute" : "agree", dispute ? CLASSES[(CLASSES.indexOf(cls) + 1) % 3] : null, at, at];
    }
    if (other !== author && random() < 0.05) {
      const body = `Reply ${i}: which edition is this page number from?`;
      row.reply = [newId(), id, other, JSON.stringify(note(body)), body, at, at];
    }
    yield row;
  }
}

// The bulk INSERTs of both engines (Prisma's table and column names, double-quoted). Annotations come
// first: the other rows point at them.
const TABLES = {
  annotation: ["Annotation", ["id", "documentId", "authorId", "start", "end", "quote", "prefix", "suffix", "classification", "note", "noteText", "createdAt", "updatedAt"]],
  evidence: ["Evidence", ["id", "annotationId", "position", "citation", "url"]],
  verdict: ["Verdict", ["id", "annotationId", "reviewerId", "verdict", "proposedClass", "createdAt", "updatedAt"]],
  reply: ["Reply", ["id", "annotationId", "authorId", "body", "bodyText", "createdAt", "updatedAt"]],
};
const KINDS = Object.keys(TABLES);
const COUNTED = { annotation: "annotations", evidence: "evidence", verdict: "verdicts", reply: "replies" };
const insertInto = (kind) => `INSERT INTO "${TABLES[kind][0]}" (${TABLES[kind][1].map((c) => `"${c}"`).join(", ")}) VALUES `;
const USER_COLUMNS = `"id", "email", "name", "role", "active", "passwordHash", "createdAt", "updatedAt"`;
const reviewerRows = (count, prefix, label) =>
  Array.from({ length: count }, (_, i) => ({ id: newId(), email: `${prefix}-${i + 1}@bench.apparatus`, name: `${label} ${i + 1}` }));

/**
 * The bench's own handle on its database, on either engine (`file:…` or `postgresql://…`): the few
 * reads and bulk writes scripts/bench.mjs needs, all async. Bulk annotations go in one transaction
 * (seconds for 100,000, where the API would take minutes).
 */
export function openBenchData(databaseUrl) {
  return databaseUrl.startsWith("file:") ? sqliteData(databaseUrl.slice("file:".length)) : postgresData(databaseUrl);
}

function sqliteData(file) {
  const db = openDb(file);
  const inserts = Object.fromEntries(KINDS.map((k) => [k, db.prepare(`${insertInto(k)}(${TABLES[k][1].map(() => "?").join(", ")})`)]));
  return {
    engine: "sqlite",
    file,
    async people() {
      return db.prepare(`SELECT id, email, name, role FROM User ORDER BY createdAt`).all();
    },
    async documents() {
      return db.prepare(`SELECT id, title, text, length FROM Document ORDER BY length DESC`).all();
    },
    async documentText(id) {
      return db.prepare("SELECT text FROM Document WHERE id = ?").get(id).text;
    },
    /** Reviewer accounts that can sign in with the password of `copyHashFrom` (they reuse its hash). */
    async addReviewers({ count, copyHashFrom, prefix = "bench", label = "Bench Reviewer" }) {
      const hash = db.prepare("SELECT passwordHash FROM User WHERE email = ?").get(copyHashFrom)?.passwordHash;
      if (!hash) throw new Error(`no account ${copyHashFrom} to copy a password hash from`);
      const insert = db.prepare(`INSERT INTO User (${USER_COLUMNS}) VALUES (?, ?, ?, 'reviewer', 1, ?, ?, ?)`);
      const now = sqlDate(new Date());
      const added = reviewerRows(count, prefix, label);
      for (const u of added) insert.run(u.id, u.email, u.name, hash, now, now);
      return added;
    },
    /** `count` annotations (annotationRows) on one document; returns the counts of rows written. */
    async insertAnnotations(options) {
      const counts = { annotations: 0, evidence: 0, verdicts: 0, replies: 0 };
      db.transaction(() => {
        for (const row of annotationRows(options)) {
          for (const kind of KINDS) {
            if (!row[kind]) continue;
            inserts[kind].run(...row[kind]);
            counts[COUNTED[kind]]++;
          }
        }
        // As an import does: the document's activity moves, so the server's caches (the reader's spans,
        // the summaries) see the new rows.
        db.prepare(`UPDATE Document SET lastActivityAt = ? WHERE id = ?`).run(sqlDate(new Date()), options.documentId);
      })();
      return counts;
    },
    async liveAnnotationCount(documentId) {
      const row = documentId
        ? db.prepare(`SELECT COUNT(*) n FROM Annotation WHERE documentId = ? AND deletedAt IS NULL`).get(documentId)
        : db.prepare(`SELECT COUNT(*) n FROM Annotation WHERE deletedAt IS NULL`).get();
      return row.n;
    },
    /** After bulk writes, before a figure reads them all: the WAL folded into the database file. */
    async settle() {
      db.pragma("wal_checkpoint(TRUNCATE)");
    },
    async close() {
      db.close();
    },
  };
}

async function postgresData(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = async (sql, params) => (await client.query(sql, params)).rows;
  return {
    engine: "postgres",
    async people() {
      return rows(`SELECT "id", "email", "name", "role" FROM "User" ORDER BY "createdAt"`);
    },
    async documents() {
      return rows(`SELECT "id", "title", "text", "length" FROM "Document" ORDER BY "length" DESC`);
    },
    async documentText(id) {
      return (await rows(`SELECT "text" FROM "Document" WHERE "id" = $1`, [id]))[0].text;
    },
    async addReviewers({ count, copyHashFrom, prefix = "bench", label = "Bench Reviewer" }) {
      const hash = (await rows(`SELECT "passwordHash" FROM "User" WHERE "email" = $1`, [copyHashFrom]))[0]?.passwordHash;
      if (!hash) throw new Error(`no account ${copyHashFrom} to copy a password hash from`);
      const now = sqlDate(new Date());
      const added = reviewerRows(count, prefix, label);
      for (const u of added) await client.query(`INSERT INTO "User" (${USER_COLUMNS}) VALUES ($1, $2, $3, 'reviewer', true, $4, $5, $5)`, [u.id, u.email, u.name, hash, now]);
      return added;
    },
    /** The same rows as on SQLite, in one transaction of multi-row INSERTs of up to 1,000 rows each. */
    async insertAnnotations(options) {
      const pending = Object.fromEntries(KINDS.map((k) => [k, []]));
      const counts = { annotations: 0, evidence: 0, verdicts: 0, replies: 0 };
      const flush = async () => {
        for (const kind of KINDS) {
          const batch = pending[kind];
          if (batch.length === 0) continue;
          const width = TABLES[kind][1].length;
          const values = batch.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(", ")})`);
          await client.query(insertInto(kind) + values.join(", "), batch.flat());
          pending[kind] = [];
        }
      };
      await client.query("BEGIN");
      try {
        for (const row of annotationRows(options)) {
          for (const kind of KINDS) {
            if (!row[kind]) continue;
            pending[kind].push(row[kind]);
            counts[COUNTED[kind]]++;
          }
          if (pending.annotation.length >= 1000) await flush();
        }
        await flush();
        await client.query(`UPDATE "Document" SET "lastActivityAt" = $1 WHERE "id" = $2`, [new Date(), options.documentId]); // as an import does (see SQLite)
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      // The planner learns the tables' new sizes now, as autovacuum would a little later.
      await client.query(`ANALYZE "Annotation", "Evidence", "Verdict", "Reply"`);
      return counts;
    },
    async liveAnnotationCount(documentId) {
      const where = documentId ? `WHERE "documentId" = $1 AND "deletedAt" IS NULL` : `WHERE "deletedAt" IS NULL`;
      return (await rows(`SELECT COUNT(*)::int AS n FROM "Annotation" ${where}`, documentId ? [documentId] : []))[0].n;
    },
    /** After bulk writes, before a figure reads them all: vacuumed (visibility map set) as autovacuum would. */
    async settle() {
      await client.query(`VACUUM (ANALYZE) "Annotation", "Evidence", "Verdict", "Reply"`);
    },
    async close() {
      await client.end();
    },
  };
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
