"use client";
// Under each annotation: verdict counts, the disputes (open ones, and resolved ones set apart: the author
// adopted the proposed class, or a ruling settled it) and the reader's own verdict, the reply thread
// (replies are rich text, written in the same editor and under the same rules as notes), and history.
import { useEffect, useRef, useState } from "react";
import { NoteEditor, NoteView } from "@/components/notes";
import { apiFetch, ApiError } from "@/lib/client/api";
import { readStoredJson, writeStoredJson } from "@/lib/client/storage";
import { CLASSIFICATIONS, type AnyAnnotationDTO, type Classification, type ReplyDTO, type VerdictDTO } from "@/lib/annotations/types";
import { emptyNote, isEmptyNote, looksLikeNote, type NoteDoc } from "@/lib/notes/schema";
import { CLASS_LABEL } from "./class-badge";
import { RelativeTime } from "./relative-time";
import { History } from "./history";
import type { ListViewer } from "./viewer";
import { ConfirmInPlace } from "./confirm-in-place";
import { plural } from "@/lib/plural";

interface Props {
  annotation: AnyAnnotationDTO;
  viewer: ListViewer;
  replies: ReplyDTO[] | undefined;
  onRepliesLoaded: (annotationId: string, replies: ReplyDTO[]) => void;
  onAnnotation: (a: AnyAnnotationDTO) => void;
  onReply: (r: ReplyDTO) => void;
  onReplyDeleted: (annotationId: string, replyId: string) => void;
}

export function Discussion({ annotation: a, viewer, replies, onRepliesLoaded, onAnnotation, onReply, onReplyDeleted }: Readonly<Props>) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  // Opened: the thread's end (the reply box, else the last reply) is brought into view, once it shows and
  // again once the replies are in. On a phone the thread opened below the sheet's fold and nothing on
  // screen changed: the reply box was not to be seen without scrolling the list.
  const threadRef = useRef<HTMLDivElement>(null);
  const [opened, setOpened] = useState(0);
  const loaded = replies !== undefined;
  useEffect(() => {
    if (!opened) return;
    const frame = requestAnimationFrame(() => (threadRef.current?.lastElementChild as HTMLElement | null)?.scrollIntoView({ block: "nearest" }));
    return () => cancelAnimationFrame(frame);
  }, [opened, loaded]);
  // A reply deleted here had the focus (its Confirm delete), which would go with it: it moves to the
  // next reply's first control, else the previous one's, else the Discussion button.
  const replyDeleted = (id: string, item: HTMLElement | null) => {
    const near = [item?.nextElementSibling, item?.previousElementSibling].map((li) => li?.querySelector<HTMLElement>("button")).find(Boolean);
    onReplyDeleted(a.id, id);
    requestAnimationFrame(() => (near?.isConnected ? near : toggleRef.current)?.focus());
  };
  const writer = viewer.role !== "viewer";
  const mine = a.verdicts.find((v) => v.reviewer.id === viewer.id);
  const verdictValue = mine ? (mine.verdict === "agree" ? "agree" : `dispute:${mine.proposedClass}`) : "";

  async function toggle() {
    const next = !open;
    setOpen(next);
    if (next) setOpened((n) => n + 1);
    if (next && !replies) {
      try {
        const { replies: loaded } = await apiFetch<{ replies: ReplyDTO[] }>(`/api/annotations/${a.id}/replies`);
        onRepliesLoaded(a.id, loaded);
      } catch (err) {
        setError((err as Error).message);
      }
    }
  }

  async function changeVerdict(value: string) {
    setError(null);
    try {
      const updated =
        value === ""
          ? await apiFetch<AnyAnnotationDTO>(`/api/annotations/${a.id}/verdict`, { method: "DELETE" })
          : await apiFetch<AnyAnnotationDTO>(`/api/annotations/${a.id}/verdict`, {
              method: "PUT",
              json: value === "agree" ? { verdict: "agree" } : { verdict: "dispute", proposedClass: value.split(":")[1] },
            });
      onAnnotation(updated);
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const disputes = a.verdicts.filter((v) => v.verdict === "dispute");
  // A dispute proposes another class than the annotation has, and a ruled annotation takes none (the API
  // answers 422 for either); the reader's own dispute stays listed so the choice shows what it is.
  const offered = CLASSIFICATIONS.filter((c) => (c !== a.classification && !a.ruling) || verdictValue === `dispute:${c}`);

  return (
    <div className="discussion">
      <p className="verdicts small">
        <span data-testid="agree-count">{a.agrees} agree</span> · <span data-testid="dispute-count">{plural(a.disputes, "dispute")}</span>
        {disputes.length > a.disputes && <span className="muted"> · {disputes.length - a.disputes} resolved</span>}
      </p>
      {disputes.length > 0 && (
        <ul className="disputes small" aria-label="Disputes">
          {disputes.map((v) => (
            <DisputeItem key={v.reviewer.id} verdict={v} ruling={a.ruling?.classification ?? null} />
          ))}
        </ul>
      )}
      {writer && a.author.id !== viewer.id && (
        <label className="small verdict-choice">
          Your verdict{" "}
          <select value={verdictValue} onChange={(e) => changeVerdict(e.target.value)}>
            <option value="">No verdict</option>
            <option value="agree">Agree</option>
            {offered.map((c) => (
              <option key={c} value={`dispute:${c}`}>
                Dispute: should be {CLASS_LABEL[c]}
                {mine?.status === "resolved" && verdictValue === `dispute:${c}` ? " (resolved)" : ""}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="thread-controls">
        <button ref={toggleRef} type="button" className="link small" aria-expanded={open} onClick={toggle}>
          Discussion ({a.replyCount})
        </button>
      </div>
      {open && (
        <div className="thread" ref={threadRef}>
          {replies === undefined ? (
            <p className="muted small">Loading…</p>
          ) : (
            <ol className="replies" aria-label="Replies">
              {replies.map((r) => (
                <ReplyItem key={r.id} reply={r} viewer={viewer} onReply={onReply} onDeleted={(item) => replyDeleted(r.id, item)} />
              ))}
            </ol>
          )}
          {writer && <ReplyForm annotationId={a.id} onReply={onReply} draftKey={replyDraftKey(viewer.id, a.id)} />}
        </div>
      )}
      {a.version > 1 && <History annotation={a} />}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Where a reply being written to an annotation is kept in this browser, per reader, until it is sent. */
export const replyDraftKey = (userId: string, annotationId: string) => `apparatus:reply-draft:${userId}:${annotationId}`;
/** A reply being written, kept in this browser until it is sent (a reload or an ended session loses nothing). */
export const storedReply = (key: string | undefined) => (key ? readStoredJson(key, looksLikeNote) : null);

function ReplyForm({
  annotationId,
  onReply,
  initial,
  onDone,
  label = "Reply",
  draftKey,
}: Readonly<{ annotationId: string; onReply: (r: ReplyDTO) => void; initial?: ReplyDTO; onDone?: () => void; label?: string; draftKey?: string }>) {
  const [body, setBodyState] = useState<NoteDoc>(() => initial?.body ?? storedReply(draftKey) ?? emptyNote());
  const setBody = (next: NoteDoc) => {
    setBodyState(next);
    if (draftKey) writeStoredJson(draftKey, isEmptyNote(next) ? null : next);
  };
  // The reply as its author saw it when the edit began: a save from another tab meanwhile is refused (409)
  // rather than overwritten unseen; after that refusal, saving again replaces it knowingly.
  const [replaces, setReplaces] = useState(initial?.updatedAt);
  const [elsewhere, setElsewhere] = useState<ReplyDTO | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const empty = isEmptyNote(body);
  const send = async () => {
    if (empty || busy) return;
    setBusy(true);
    setError(null);
    try {
      const saved = initial
        ? await apiFetch<ReplyDTO>(`/api/replies/${initial.id}`, { method: "PATCH", json: { body, replaces } })
        : await apiFetch<ReplyDTO>(`/api/annotations/${annotationId}/replies`, { method: "POST", json: { body } });
      onReply(saved);
      setBody(emptyNote());
      onDone?.();
    } catch (err) {
      if (err instanceof ApiError && err.code === "CONFLICT") {
        const current = (err.details as { current?: ReplyDTO } | undefined)?.current;
        if (current) {
          setReplaces(current.updatedAt);
          setElsewhere(current);
        }
      }
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="reply-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
      onKeyDownCapture={(e) => {
        // Before the editor sees it (there Mod-Enter would insert a line break).
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          void send();
        }
      }}
      onKeyDown={(e) => {
        // Escape leaves the box for its card, the reply kept as typed (a new one also in this browser): from
        // there j/k go on and Escape goes back to the text. (ProseMirror marks every Escape handled; the
        // link dialog's own Escape stops before this.)
        if (e.key !== "Escape") return;
        const card = e.currentTarget.closest<HTMLElement>("article[id^='a-']");
        if (!card) return;
        e.preventDefault();
        card.focus();
      }}
    >
      {/* Not disabled while sending: focus stays in the editor for the next reply. */}
      <NoteEditor value={body} onChange={setBody} label={label} />
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {elsewhere && (
        <figure className="reply-elsewhere small">
          <figcaption>Saved elsewhere:</figcaption>
          <NoteView doc={elsewhere.body} />
        </figure>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || empty} aria-keyshortcuts="Control+Enter Meta+Enter">
          {initial ? "Save reply" : "Send reply"}
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function ReplyItem({
  reply: r,
  viewer,
  onReply,
  onDeleted,
}: Readonly<{ reply: ReplyDTO; viewer: ListViewer; onReply: (r: ReplyDTO) => void; onDeleted: (item: HTMLElement | null) => void }>) {
  const [editing, setEditing] = useState(false);
  const itemRef = useRef<HTMLLIElement>(null);
  // Deleting asks first, in place, as deleting an annotation does.
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const own = r.author.id === viewer.id && viewer.role !== "viewer";
  const remove = async () => {
    setError(null);
    try {
      await apiFetch(`/api/replies/${r.id}`, { method: "DELETE" });
      onDeleted(itemRef.current);
    } catch (err) {
      setError((err as Error).message);
      throw err;
    }
  };
  return (
    <li ref={itemRef} className="reply">
      <p className="small muted">
        {r.author.name} · <RelativeTime iso={r.createdAt} />
        {r.updatedAt !== r.createdAt && " · edited"}
      </p>
      {editing ? (
        <ReplyForm annotationId={r.annotationId} initial={r} onReply={onReply} onDone={() => setEditing(false)} label="Edit reply" />
      ) : (
        <NoteView doc={r.body} />
      )}
      {!editing && (own || viewer.role === "admin") && (
        <div className="actions small">
          {own && !confirming && (
            <button type="button" className="link" onClick={() => setEditing(true)}>
              Edit reply
            </button>
          )}
          <ConfirmInPlace label="Delete reply" link onConfirm={remove} onConfirmingChange={setConfirming} />
        </div>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

function DisputeItem({ verdict: v, ruling }: Readonly<{ verdict: VerdictDTO; ruling: Classification | null }>) {
  const proposed = CLASS_LABEL[v.proposedClass ?? "contested"];
  if (v.status === "open") {
    return (
      <li className="dispute dispute-open" data-status="open">
        <span className="dispute-state">Open</span> {v.reviewer.name} would say {proposed}
      </li>
    );
  }
  const how =
    v.resolution === "adopted"
      ? `the author adopted ${proposed}`
      : ruling
        ? `settled by the ruling (${CLASS_LABEL[ruling]})`
        : "settled by a ruling";
  return (
    <li className="dispute dispute-resolved" data-status="resolved">
      <span className="dispute-state">
        <span aria-hidden="true">✓ </span>Resolved
      </span>{" "}
      <span className="muted">
        {v.reviewer.name} proposed {proposed} — {how}
        {v.resolvedAt && (
          <>
            {" "}
            · <RelativeTime iso={v.resolvedAt} />
          </>
        )}
      </span>
    </li>
  );
}
