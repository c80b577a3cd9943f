import "server-only";
// Adjudication: an editor's (or admin's) ruling on an annotation someone else wrote — a final class and
// a rationale (rich text, the rules of lib/notes). One ruling per annotation; any editor or admin other
// than the annotation's author may record, change or withdraw it.
//
// Rulings and disputes stay consistent:
// - recording or changing a ruling resolves the annotation's open disputes ("ruled"), and a ruled
//   annotation takes no new dispute (discussion.ts), so a ruled annotation never has open ones;
// - withdrawing a ruling reopens the disputes rulings resolved (the question is undecided again),
//   except those proposing the class the annotation has by then, which count as adopted.
// Every change is one write that also appends an "annotation.updated" event with the new state (which
// bumps the document's activity, so summary caches refresh) and its row of the audit log.
import { AppError, forbidden, notFound } from "@/lib/errors";
import { canRule, type CurrentUser } from "@/lib/auth/roles";
import { publish } from "@/lib/events/bus";
import { write, type Tx } from "@/lib/store/transaction";
import { storedTimeAfter } from "@/lib/store/time";
import { recordAuditIn, type AuditType } from "@/lib/audit/service";
import { annotationPermalinkPath } from "./links";
import { announceAnnotation, peopleOfAnnotation } from "./discussion";
import { parseNoteInput } from "./service";
import { peopleFor } from "./dto";
import { toAnnotationDTO, type RulingRecord } from "./record";
import { deleteRuling, findAnnotationRecord, lockAnnotation, findAnnotationRecords, findAnnotationState, findOpenDisputes, reopenRuledDisputes, resolveDisputes, upsertRuling } from "./store";
import type { AnyAnnotationDTO, Classification } from "./types";

/** A live annotation of a live document that the caller may rule on. */
async function rulable(user: CurrentUser, annotationId: string) {
  if (!canRule(user)) throw forbidden("Only editors and admins can rule on annotations.");
  const a = await findAnnotationState(annotationId);
  if (!a || a.deleted || a.documentDeleted) throw notFound("Annotation");
  if (a.authorId === user.id) throw forbidden("You cannot rule on your own annotation.");
  return a;
}

function parseRationale(input: unknown): { json: string; text: string } {
  const { note, noteText } = parseNoteInput(input);
  if (!noteText.trim()) throw new AppError("UNPROCESSABLE", "A ruling needs a rationale: say why this is the right class.");
  return { json: JSON.stringify(note), text: noteText };
}

/** The ruling there now, as a 409 names it (`details.current`): what the editor is shown instead of theirs. */
const rulingSeen = (r: RulingRecord) => ({
  at: r.updatedAt,
  classification: r.classification,
  editorId: r.editorId,
});

/** Record or change the ruling on an annotation; returns the annotation with its ruling. */
/** A ruling's row of the audit log, in the write that changes it. */
function auditRuling(tx: Tx, type: AuditType, by: { user: CurrentUser; annotation: { id: string; documentId: string }; ip?: string | null }, detail: Record<string, unknown>) {
  const { user, annotation, ip } = by;
  return recordAuditIn(tx, { type, actorId: user.id, targetId: annotation.id, ip: ip ?? null, detail: { annotationId: annotation.id, documentId: annotation.documentId, ...detail } });
}

export async function setRuling(options: {
  user: CurrentUser;
  annotationId: string;
  classification: Classification;
  rationale: unknown;
  /** The ruling's `at` as the editor saw it (null: none); undefined: no check. */
  replaces?: string | null;
  ip?: string | null;
}): Promise<AnyAnnotationDTO> {
  const { user, classification } = options;
  const annotation = await rulable(user, options.annotationId);
  const rationale = parseRationale(options.rationale);
  const people = await peopleOfAnnotation(annotation.id, user);
  const result = await write(async (tx) => {
    await lockAnnotation(tx, annotation.id);
    const record = await findAnnotationRecord(annotation.id, {}, tx);
    if (!record) throw notFound("Annotation");
    const before = record.ruling;
    if (before && before.classification === classification && before.rationale === rationale.json) {
      return { dto: toAnnotationDTO(record, people), event: null }; // the same ruling again
    }
    if (options.replaces !== undefined && (before?.updatedAt ?? null) !== (options.replaces === null ? null : new Date(options.replaces).toISOString())) {
      const by = before ? (people(before.editorId)?.name ?? "Another editor") : null;
      throw new AppError(
        "CONFLICT",
        before
          ? `${by} ruled on this annotation while you were writing (${before.classification}). Read their ruling, then save yours again to replace it.`
          : "The ruling you meant to replace was withdrawn while you were writing. Save again to rule anew.",
        { current: before ? rulingSeen(before) : null },
      );
    }
    await upsertRuling(
      tx,
      { annotationId: record.id, editorId: user.id, classification, rationale: rationale.json, rationaleText: rationale.text },
      storedTimeAfter(before?.updatedAt),
    );
    const resolved = await resolveDisputes(tx, record.id, "ruled");
    await auditRuling(tx, before ? "ruling_changed" : "ruling_recorded", { ...options, annotation }, {
      classification,
      ...(before ? { previous: before.classification } : {}),
      disputesResolved: resolved,
    });
    return announceAnnotation(tx, record.id, people);
  });
  if (result.event) publish(result.event);
  return result.dto;
}

/** Withdraw the ruling on an annotation (nothing to withdraw: the annotation, unchanged). */
export async function withdrawRuling(options: {
  user: CurrentUser;
  annotationId: string;
  /** The ruling's `at` as the editor saw it (undefined: no check). */
  replaces?: string;
  ip?: string | null;
}): Promise<AnyAnnotationDTO> {
  const { user } = options;
  const annotation = await rulable(user, options.annotationId);
  const people = await peopleOfAnnotation(annotation.id, user);
  const result = await write(async (tx) => {
    await lockAnnotation(tx, annotation.id);
    const record = await findAnnotationRecord(annotation.id, {}, tx);
    if (!record) throw notFound("Annotation");
    const ruling = record.ruling;
    if (options.replaces !== undefined && ruling && ruling.updatedAt !== new Date(options.replaces).toISOString()) {
      const by = people(ruling.editorId)?.name ?? "Another editor";
      throw new AppError(
        "CONFLICT",
        `${by} changed the ruling on this annotation (${ruling.classification}) after you read it. Read their ruling, then withdraw again if it should go.`,
        { current: rulingSeen(ruling) },
      );
    }
    if (!record.ruling || !(await deleteRuling(tx, record.id))) return { dto: toAnnotationDTO(record, people), event: null };
    const reopened = await reopenRuledDisputes(tx, record.id, record.classification);
    await auditRuling(tx, "ruling_withdrawn", { ...options, annotation }, {
      classification: record.ruling.classification,
      ruledBy: record.ruling.editorId,
      disputesReopened: reopened,
    });
    return announceAnnotation(tx, record.id, people);
  });
  if (result.event) publish(result.event);
  return result.dto;
}

export const OPEN_DISPUTES_PAGE_SIZE = 50;

export interface OpenDisputeItem {
  annotation: AnyAnnotationDTO;
  document: { id: string; title: string };
  /** When the oldest of its open disputes was raised (or last changed). */
  waitingSince: string;
  /** The annotation in the reader: /documents/<id>?a=<annotationId>. */
  permalink: string;
}

export interface OpenDisputesPage {
  items: OpenDisputeItem[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * The open disputes queue (editors and admins): live annotations with open disputes and no ruling,
 * across the corpus, the longest-waiting first.
 */
export async function listOpenDisputes(options: { user: CurrentUser; page?: number }): Promise<OpenDisputesPage> {
  if (!canRule(options.user)) throw forbidden("Only editors and admins work through the open disputes.");
  const page = options.page ?? 1;
  const pageSize = OPEN_DISPUTES_PAGE_SIZE;
  const { rows, total } = await findOpenDisputes({ limit: pageSize, offset: (page - 1) * pageSize });
  const records = await findAnnotationRecords(rows.map((r) => r.annotationId));
  const people = await peopleFor(records);
  const byId = new Map(records.map((r) => [r.id, r]));
  const items: OpenDisputeItem[] = [];
  for (const row of rows) {
    const record = byId.get(row.annotationId);
    if (!record) continue; // deleted between the two reads
    items.push({
      annotation: toAnnotationDTO(record, people),
      document: { id: row.documentId, title: row.documentTitle },
      waitingSince: row.since,
      permalink: annotationPermalinkPath(row.documentId, row.annotationId),
    });
  }
  return { items, total, page, pageSize };
}
