// How the audit page reads an event: its target named (a person, a document or an annotation, linked
// while it exists) and its detail as short phrases, per event type where the raw fields say little, as a
// readable "key: value" list otherwise. Pure, for the page and its tests; the ids stay in the DTO.
import { plural } from "@/lib/plural";
import type { AuditAnnotationRef, AuditDocumentRef, AuditEventDTO, AuditPerson } from "./types";

/** A document, an annotation or a person named in an event; `href` is null once it no longer exists. */
export interface AuditThing {
  kind: "person" | "document" | "annotation";
  id: string;
  label: string;
  /** Smaller text after the label: a person's email, an annotation's document, "deleted". */
  note?: string;
  href: string | null;
}

/** One line of the detail: a phrase, or a label and a value, with an optional link (to `thing`). */
export interface AuditLine {
  label?: string;
  text: string;
  thing?: AuditThing;
}

/** Events whose target is a document, or an annotation, rather than a person (the reader looks them up too). */
export const DOCUMENT_TARGETS: ReadonlySet<string> = new Set(["document_details_changed", "document_deleted", "document_restored", "document_version_added"]);
export const ANNOTATION_TARGETS: ReadonlySet<string> = new Set(["ruling_recorded", "ruling_changed", "ruling_withdrawn"]);

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const shorten = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
};
const day = (iso: string) => iso.slice(0, 10);

/** "disputesResolved" → "Disputes resolved", "sign_in" → "Sign in". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** Any value as short text: counts objects as "3 created, 1 matched" (zeros left out), lists joined. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return value === true ? "yes" : value === false ? "no" : String(value);
  if (Array.isArray(value)) return value.length === 0 ? "none" : value.map(formatValue).join(", ");
  if (typeof value === "object") {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== 0 && v !== null && v !== undefined)
      .map(([k, v]) => (typeof v === "number" ? `${v} ${humanizeKey(k).toLowerCase()}` : `${humanizeKey(k).toLowerCase()} ${formatValue(v)}`));
    return parts.length ? parts.join(", ") : "none";
  }
  return String(value);
}

const REASONS: Record<string, string> = {
  unknown_email: "No account has this email",
  wrong_password: "Wrong password",
  inactive: "The account is deactivated",
  wrong_current_password: "Wrong current password",
};

function documentThing(id: string, doc: AuditDocumentRef | undefined, fallbackTitle: string | null): AuditThing {
  if (doc) return { kind: "document", id, label: doc.title, note: doc.live ? undefined : "deleted", href: doc.live ? `/documents/${encodeURIComponent(id)}` : null };
  return { kind: "document", id, label: fallbackTitle ?? "A document no longer stored", note: fallbackTitle ? "no longer stored" : undefined, href: null };
}

function annotationThing(id: string, annotation: AuditAnnotationRef | undefined, doc: AuditDocumentRef | undefined): AuditThing {
  const on = doc ? `on “${doc.title}”` : undefined;
  if (annotation) {
    return {
      kind: "annotation",
      id,
      label: `“${shorten(annotation.quote)}”`,
      note: on,
      href: `/documents/${encodeURIComponent(annotation.documentId)}?a=${encodeURIComponent(id)}`,
    };
  }
  return { kind: "annotation", id, label: "An annotation since deleted", note: on, href: null };
}

function personThing(person: AuditPerson): AuditThing {
  return { kind: "person", id: person.id, label: person.name, note: person.email, href: null };
}

/** The event's target, named; null when there is none. Person targets keep their own rendering (a filter link). */
export function describeTarget(event: AuditEventDTO): AuditThing | null {
  const id = event.targetId;
  if (!id) return null;
  const docs = new Map(event.refs.documents.map((d) => [d.id, d]));
  if (DOCUMENT_TARGETS.has(event.type)) {
    return documentThing(id, docs.get(id), str(event.detail?.title));
  }
  if (ANNOTATION_TARGETS.has(event.type)) {
    const documentId = str(event.detail?.documentId);
    return annotationThing(id, event.refs.annotations.find((a) => a.id === id), documentId ? docs.get(documentId) : undefined);
  }
  if (event.target) return personThing(event.target);
  return { kind: "person", id, label: "A user no longer stored", href: null };
}

function sessionsAndTokens(detail: Record<string, unknown>): AuditLine[] {
  const lines: AuditLine[] = [];
  const sessions = num(detail.sessionsEnded);
  const tokens = num(detail.tokensRevoked);
  if (sessions !== null) lines.push({ text: sessions === 0 ? "No other sessions to end" : `Ended ${plural(sessions, "session")}` });
  if (tokens !== null) lines.push({ text: tokens === 0 ? "No API tokens to revoke" : `Revoked ${plural(tokens, "API token")}` });
  return lines;
}

function tokenLine(detail: Record<string, unknown>): AuditLine[] {
  const name = str(detail.name);
  const prefix = str(detail.prefix);
  const named = [name ? `“${name}”` : null, prefix ? `(${prefix}…)` : null].filter(Boolean).join(" ");
  const lines: AuditLine[] = [{ text: named ? `Token ${named}` : "A token" }];
  if ("expiresAt" in detail) {
    const expires = str(detail.expiresAt);
    lines.push({ text: expires ? `Expires ${day(expires)}` : "Never expires" });
  }
  return lines;
}

/** Anything left over, or an event type this page does not know: "Key: value" lines. */
function generic(detail: Record<string, unknown>, skip: string[] = []): AuditLine[] {
  return Object.entries(detail)
    .filter(([key]) => !skip.includes(key))
    .map(([key, value]) => ({ label: humanizeKey(key), text: formatValue(value) }));
}

/** The detail as short lines, in the page's words. */
export function describeDetail(event: AuditEventDTO): AuditLine[] {
  const d = event.detail;
  if (!d) return [];
  const docs = new Map(event.refs.documents.map((x) => [x.id, x]));
  const documentId = str(d.documentId);
  const classification = str(d.classification);
  switch (event.type) {
    case "sign_in_failed":
    case "sign_in_throttled": {
      const lines: AuditLine[] = [];
      if (str(d.email)) lines.push({ label: "Email tried", text: str(d.email)! });
      if (str(d.reason)) lines.push({ text: REASONS[str(d.reason)!] ?? humanizeKey(str(d.reason)!) });
      const wait = num(d.retryAfterSeconds);
      if (wait !== null) lines.push({ text: `Refused for ${plural(wait, "second")}` });
      return [...lines, ...generic(d, ["email", "reason", "retryAfterSeconds"])];
    }
    case "password_change_failed":
      return [{ text: REASONS[str(d.reason) ?? ""] ?? formatValue(d.reason) }, ...generic(d, ["reason"])];
    case "user_created":
      return [
        ...(str(d.role) ? [{ text: `Created as ${str(d.role)}` }] : []),
        ...(d.fromImport === true ? [{ text: "Took over the account an import had made for this address (no password until now)" }] : []),
        // The target names the account; its name and email at creation only if it is gone.
        ...generic(d, event.target ? ["role", "email", "name", "fromImport"] : ["role", "fromImport"]),
      ];
    case "user_renamed":
    case "user_email_changed":
    case "role_changed":
      return [{ text: `From ${formatValue(d.from)} to ${formatValue(d.to)}` }, ...generic(d, ["from", "to"])];
    case "user_deactivated":
    case "sessions_ended":
    case "password_reset":
    case "password_changed":
      return [...sessionsAndTokens(d), ...generic(d, ["sessionsEnded", "tokensRevoked"])];
    case "token_created":
    case "token_revoked":
      return [...tokenLine(d), ...generic(d, ["tokenId", "name", "prefix", "expiresAt"])];
    case "annotation_deleted":
    case "annotation_restored":
    case "reply_deleted": {
      const annotationId = str(d.annotationId);
      const lines: AuditLine[] = [];
      if (annotationId) {
        // Its document has a line of its own.
        const thing = annotationThing(annotationId, event.refs.annotations.find((a) => a.id === annotationId), undefined);
        lines.push({ label: "Annotation", text: thing.label, thing });
      }
      if (documentId) {
        const thing = documentThing(documentId, docs.get(documentId), null);
        lines.push({ label: "In", text: thing.label, thing });
      }
      return [...lines, ...generic(d, ["annotationId", "documentId"])];
    }
    case "ruling_recorded":
    case "ruling_changed":
    case "ruling_withdrawn": {
      const lines: AuditLine[] = [];
      const previous = str(d.previous);
      if (event.type === "ruling_withdrawn") {
        const by = event.refs.people.find((p) => p.id === str(d.ruledBy));
        lines.push({ text: `Withdrew the ruling “${formatValue(classification)}”${by ? ` by ${by.name}` : ""}` });
      } else if (previous) {
        lines.push({ text: `Ruled ${formatValue(classification)}, was ${previous}` });
      } else {
        lines.push({ text: `Ruled ${formatValue(classification)}` });
      }
      const resolved = num(d.disputesResolved);
      if (resolved) lines.push({ text: `Closed ${plural(resolved, "open dispute")}` });
      const reopened = num(d.disputesReopened);
      if (reopened) lines.push({ text: `Reopened ${plural(reopened, "dispute")}` });
      return [...lines, ...generic(d, ["annotationId", "documentId", "classification", "previous", "ruledBy", "disputesResolved", "disputesReopened"])];
    }
    case "document_details_changed": {
      // One line per field changed, from what to what; the target names the document (by this title when it is gone).
      const changes = d.changes && typeof d.changes === "object" ? (d.changes as Record<string, { from?: unknown; to?: unknown }>) : {};
      const lines = Object.entries(changes).map(([field, c]) => ({ label: humanizeKey(field), text: `From ${formatValue(c?.from ?? null)} to ${formatValue(c?.to ?? null)}` }));
      return [...lines, ...generic(d, ["title", "changes"])];
    }
    case "document_deleted":
    case "document_restored":
      // The target names the document (by this title when it is gone).
      return generic(d, ["title"]);
    case "document_version_added": {
      const lines: AuditLine[] = [];
      const version = num(d.version);
      const note = str(d.note);
      lines.push({ text: `${version !== null ? `Version ${version}` : "A new version"}${note ? `: “${note}”` : ""}` });
      if (str(d.format)) lines.push({ label: "Format", text: str(d.format)! });
      if (d.anchoring && typeof d.anchoring === "object") lines.push({ label: "Annotations", text: formatValue(d.anchoring) });
      return [...lines, ...generic(d, ["title", "version", "note", "format", "anchoring"])];
    }
    case "import": {
      const via = str(d.via);
      const lines: AuditLine[] = [];
      if (via) lines.push({ text: via === "cli" ? "From the command line" : via === "api" ? "Through the app or the API" : `Via ${via}` });
      if (str(d.source)) lines.push({ label: "Source", text: str(d.source)! });
      return [...lines, ...generic(d, ["via", "source"])];
    }
    default:
      return generic(d);
  }
}
