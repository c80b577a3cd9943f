"use client";
// "History": the earlier versions of an annotation, each with what the next edit changed — the class,
// and the note and evidence as a word diff (removed words struck through, added ones marked).
import { useEffect, useState } from "react";
import { diffWords } from "diff";
import { apiFetch } from "@/lib/client/api";
import type { AnyAnnotationDTO, Classification, EvidenceDTO } from "@/lib/annotations/types";
import { ClassBadge } from "./class-badge";
import { RelativeTime } from "./relative-time";

interface Revision {
  version: number;
  editor: { id: string; name: string };
  createdAt: string;
  changed: string[];
  classification: Classification;
  noteText: string;
  evidence: EvidenceDTO[];
}

type Version = Pick<Revision, "version" | "classification" | "noteText" | "evidence">;

const evidenceText = (evidence: EvidenceDTO[]) => evidence.map((e) => [e.citation, e.url].filter(Boolean).join(" — ")).join("\n");

export function History({ annotation }: Readonly<{ annotation: AnyAnnotationDTO }>) {
  const [revisions, setRevisions] = useState<Revision[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const earlier = annotation.version - 1;
  // Loaded when opened, and again when the annotation is edited while it is open (a live edit by its
  // author): each version is shown against the one that replaced it, so the list must have them all.
  useEffect(() => {
    if (!open) return;
    let current = true;
    apiFetch<{ revisions: Revision[] }>(`/api/annotations/${annotation.id}/history`).then(
      (loaded) => {
        if (!current) return;
        setError(null);
        setRevisions(loaded.revisions);
      },
      (err: unknown) => {
        if (current) setError((err as Error).message);
      },
    );
    return () => {
      current = false;
    };
  }, [open, annotation.id, annotation.version]);
  const toggle = () => setOpen(!open);
  // Oldest first, each shown against the version that replaced it (the last against the current one).
  const ordered = revisions ? [...revisions].sort((a, b) => a.version - b.version) : [];
  const current: Version = { version: annotation.version, classification: annotation.classification, noteText: annotation.noteText, evidence: annotation.evidence };
  return (
    <div className="history-wrap">
      <button type="button" className="link small" aria-expanded={open} onClick={toggle}>
        History ({earlier} earlier {earlier === 1 ? "version" : "versions"})
      </button>
      {open && (
        <ol className="history" aria-label="Earlier versions">
          {!revisions && !error && <li className="muted small">Loading…</li>}
          {ordered.map((r, i) => (
            <VersionChange key={r.version} before={r} after={ordered[i + 1] ?? current} editor={r.editor.name} at={r.createdAt} />
          ))}
        </ol>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function VersionChange({ before, after, editor, at }: Readonly<{ before: Version; after: Version; editor: string; at: string }>) {
  const classChanged = before.classification !== after.classification;
  return (
    <li>
      <p className="small muted">
        Version {before.version} → {after.version} · edited by {editor} · <RelativeTime iso={at} />
      </p>
      <p className="small history-line">
        <span className="history-field">Class</span> <ClassBadge classification={before.classification} />
        {classChanged && (
          <>
            {" "}
            → <ClassBadge classification={after.classification} />
          </>
        )}
      </p>
      <div className="small history-line">
        <span className="history-field">Note</span> <WordDiff before={before.noteText} after={after.noteText} empty="no note" />
      </div>
      {(before.evidence.length > 0 || after.evidence.length > 0) && (
        <div className="small history-line">
          <span className="history-field">Evidence</span> <WordDiff before={evidenceText(before.evidence)} after={evidenceText(after.evidence)} empty="none" />
        </div>
      )}
    </li>
  );
}

function WordDiff({ before, after, empty }: Readonly<{ before: string; after: string; empty: string }>) {
  if (!before && !after) return <span className="muted">{empty}</span>;
  return (
    <span className="word-diff">
      {diffWords(before, after).map((part, i) =>
        part.removed ? (
          <del key={i}>
            <span className="visually-hidden">removed: </span>
            {part.value}
          </del>
        ) : part.added ? (
          <ins key={i}>
            <span className="visually-hidden">added: </span>
            {part.value}
          </ins>
        ) : (
          <span key={i}>{part.value}</span>
        ),
      )}
    </span>
  );
}
