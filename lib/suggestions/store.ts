import "server-only";
// The suggestions store: reviewers' dismissals of suggested claims (SuggestionDismissal), by document,
// version of its text, reviewer and span. Suggestions themselves are never stored (they are computed).
import { db, type Tx } from "@/lib/store/engine";
import { storedTime } from "@/lib/store/time";

export interface DismissalKey {
  documentId: string;
  version: number;
  userId: string;
  start: number;
  end: number;
}

/** The spans this reviewer dismissed in this version of a document's text, in document order. */
export async function findDismissals(documentId: string, version: number, userId: string): Promise<Array<{ start: number; end: number }>> {
  return db
    .selectFrom("SuggestionDismissal")
    .select(["start", "end"])
    .where("documentId", "=", documentId)
    .where("version", "=", version)
    .where("userId", "=", userId)
    .orderBy("start")
    .orderBy("end")
    .execute();
}

/** Remember a dismissal; false when it was remembered already. */
export async function insertDismissal(tx: Tx, key: DismissalKey): Promise<boolean> {
  const result = await tx
    .insertInto("SuggestionDismissal")
    .values({ ...key, createdAt: storedTime() })
    .onConflict((oc) => oc.columns(["documentId", "version", "userId", "start", "end"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Forget a dismissal; false when there was none. */
export async function deleteDismissal(tx: Tx, key: DismissalKey): Promise<boolean> {
  const result = await tx
    .deleteFrom("SuggestionDismissal")
    .where("documentId", "=", key.documentId)
    .where("version", "=", key.version)
    .where("userId", "=", key.userId)
    .where("start", "=", key.start)
    .where("end", "=", key.end)
    .executeTakeFirst();
  return result.numDeletedRows > BigInt(0);
}
