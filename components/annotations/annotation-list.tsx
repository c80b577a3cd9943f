"use client";
// The "Annotations" side region: the document's annotations in document order, filtered by the claim's
// class (a ruling's when there is one, as the highlight and the summary count it), reviewer and "mine". Only a window of cards is rendered (more load as the list scrolls); each card's
// note, evidence and verdicts are fetched by id when it is shown. The editor of a new annotation sits
// in the list at its passage's place; an annotation being edited is edited in its own card. A card shows
// the annotation's ruling (and, for editors and admins, the controls to rule) and says when its placement
// needs a check (with, for its author, an editor or an admin, the controls to fix it: placement.tsx); the orphaned
// annotations (no place in this version's text) follow the placed ones.
import { useEffect, useMemo, useRef, useState, type ReactNode, type Ref } from "react";
import { NoteView } from "@/components/notes";
import { isEmptyNote } from "@/lib/notes/schema";
import { claimClass, CLASSIFICATIONS, SPAN_FLAGS, type AnnotationDTO, type AnyAnnotationDTO, type Classification, type OrphanedAnnotationDTO, type OrphanListFilter, type PersonRef } from "@/lib/annotations/types";
import type { Span } from "@/components/reader/spans";
import { CLASS_LABEL } from "./class-badge";
import "./annotations.css";
import { RelativeTime } from "./relative-time";
import { PlacementNotice, type PlacementControls } from "./placement";
import { ClassLine, mayRule, RulingSection, useRuleFocus } from "./ruling";
import type { ListViewer } from "./viewer";
import { ConfirmInPlace } from "./confirm-in-place";
import { excerpt } from "@/lib/excerpt";

const PAGE = 30;

export type ListEditor = { kind: "create"; start: number; end: number; node: ReactNode } | { kind: "edit"; id: string; node: ReactNode };

interface Props {
  spans: readonly Span[];
  /** How many placed annotations the document has: more than `spans` while a long list is still on its way. */
  placed: number;
  authors: ReadonlyMap<string, string>;
  details: ReadonlyMap<string, AnnotationDTO>;
  missing: ReadonlySet<string>;
  requestDetails: (ids: string[]) => void;
  quoteOf: (span: Span) => string;
  viewer: ListViewer;
  /** The annotation whose card is open, placed or orphaned (outlined, kept in the list whatever the filters until closed). */
  activeId: string | null;
  /** An orphaned annotation's card is being worked in (the focus went into it): it becomes the open one. */
  onOpenOrphan: (id: string) => void;
  /** The open or edited orphaned card that only `filteredOrphans` has, as the filters change (to be kept in `orphans`). */
  onKeepOrphan: (annotation: OrphanedAnnotationDTO) => void;
  /** The open card is closed (its Close, shown while it does not match the filters). */
  onCloseCard: () => void;
  /** Changing seq brings the active card (or the editor) into view; focus: the card also takes focus. */
  reveal: { seq: number; focus: boolean };
  editor: ListEditor | null;
  onShow: (span: Span) => void;
  /** Edit (its author) or delete (its author or an admin) an annotation, placed or orphaned. */
  onEdit: (annotation: AnyAnnotationDTO) => void;
  onDelete: (annotation: AnyAnnotationDTO) => Promise<void>;
  onCopyLink: (id: string) => void;
  renderExtra?: (annotation: AnyAnnotationDTO) => ReactNode;
  /** An annotation changed here (a ruling recorded, changed or withdrawn). */
  onAnnotation: (annotation: AnyAnnotationDTO) => void;
  /** The orphaned annotations: listed after the placed ones, with their last quote. */
  orphans: readonly OrphanedAnnotationDTO[];
  /** The orphaned annotations not fetched yet (after `orphans`): how many, whether a page is on its way, and why the last failed. */
  orphanRest: { count: number; loading: boolean; error: string | null };
  /** Fetches the next page of the orphaned annotations. */
  onMoreOrphans: () => void;
  /** Who wrote the orphaned annotations not fetched yet (and others'): reviewers to filter by. */
  orphanAuthors: readonly PersonRef[];
  /** The list's filters, told as they change (null: none), for the orphaned annotations not fetched yet. */
  onOrphanFilter: (filter: OrphanListFilter | null) => void;
  /** While filtered with some orphaned annotations not fetched yet: those matching, fetched apart (null: `orphans` has them all). */
  filteredOrphans: { annotations: readonly OrphanedAnnotationDTO[]; rest: { count: number; loading: boolean; error: string | null }; more: () => void } | null;
  /** Fixing a fuzzy or orphaned placement (for its author, an editor or an admin). */
  placement: PlacementControls;
}

// A passage that starts or ends with a quotation mark of its own (a quoted line in the text) gets no
// typographic quote of ours on that side: “The emancipation… itself.” read ““The emancipation… itself.”
const OPENS_WITH_QUOTE = /^["“”„‟‘‚«»‹›「『]/;
const ENDS_WITH_QUOTE = /["“”„‟«»‹›」』]$/;

/** A card's quote, whitespace folded and shortened, in quotation marks unless it brings its own. */
function CardQuote({ text }: Readonly<{ text: string }>) {
  const shown = excerpt(text, 160);
  const className = [OPENS_WITH_QUOTE.test(shown) && "own-open-quote", ENDS_WITH_QUOTE.test(shown) && "own-close-quote"].filter(Boolean).join(" ");
  return <q className={className || undefined}>{shown}</q>;
}
type Item = { key: string; span: Span | null };
type Filters = { cls: "" | Classification; reviewer: string; mine: boolean };

/** Whether an annotation of this claim's class and author is one the filters keep. */
function matchesFilters({ cls, reviewer, mine }: Filters, viewerId: string, claim: Classification, authorId: string) {
  return (!cls || claim === cls) && (!reviewer || authorId === reviewer) && (!mine || authorId === viewerId);
}

/** The filters as the orphaned annotations' API takes them (null: none). Mine with another reviewer matches nobody. */
function orphanFilterOf({ cls, reviewer, mine }: Filters, viewerId: string): OrphanListFilter | null {
  if (!cls && !reviewer && !mine) return null;
  const authorId = mine && reviewer && reviewer !== viewerId ? null : mine ? viewerId : reviewer || undefined;
  return authorId === null ? null : { ...(cls ? { classification: cls } : {}), ...(authorId ? { authorId } : {}) };
}
const DRAFT_KEY = "draft";

export function AnnotationList(props: Readonly<Props>) {
  const { spans, authors, details, missing, requestDetails, viewer, activeId, reveal, editor, onOrphanFilter } = props;
  const [filters, setFilters] = useState<Filters>({ cls: "", reviewer: "", mine: false });
  const { cls, reviewer, mine } = filters;
  const [win, setWin] = useState({ from: 0, to: PAGE });
  const scroller = useRef<HTMLOListElement>(null);
  const sentinel = useRef<HTMLLIElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const reviewers = useMemo(() => {
    const names = new Map(spans.map((s) => [s.authorId, authors.get(s.authorId) ?? "unknown"]));
    for (const a of props.orphans) names.set(a.author.id, a.author.name);
    for (const p of props.orphanAuthors) names.set(p.id, p.name);
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  }, [spans, authors, props.orphans, props.orphanAuthors]);

  const editingId = editor?.kind === "edit" ? editor.id : null;
  // The open card and the one being edited stay whatever the filters (said on the card, left out of the counts).
  const pinned = (id: string) => id === activeId || id === editingId;
  const spanMatches = (s: Span) => matchesFilters(filters, viewer.id, claimClass(s.classification, s.ruling), s.authorId);
  const orphanMatches = (a: OrphanedAnnotationDTO) => matchesFilters(filters, viewer.id, claimClass(a.classification, a.ruling?.classification), a.author.id);
  // With the placed cards listed, how many of them are there only because they are open or edited (not counted as matching).
  const { items, unmatchedPlaced } = useMemo(() => {
    const list: Item[] = [];
    let unmatched = 0;
    for (const s of spans) {
      const matches = spanMatches(s);
      if (!matches && !pinned(s.id)) continue;
      if (!matches) unmatched++;
      list.push({ key: s.id, span: s });
    }
    if (editor?.kind === "create") {
      let i = 0;
      while (i < list.length && (list[i].span!.start < editor.start || (list[i].span!.start === editor.start && list[i].span!.end >= editor.end))) i++;
      list.splice(i, 0, { key: DRAFT_KEY, span: null });
    }
    return { items: list, unmatchedPlaced: unmatched };
    // pinned and spanMatches follow from these
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [spans, filters, viewer.id, activeId, editingId, editor]);
  // Filtered while some are not fetched yet, those matching come apart (every one, a page at a time, with
  // their true count); else the list's own are filtered (kept current live: one that no longer matches goes).
  const unfiltered = !cls && !reviewer && !mine;
  const source = props.filteredOrphans ?? { annotations: props.orphans, rest: unfiltered ? props.orphanRest : { count: 0, loading: false, error: null }, more: props.onMoreOrphans };
  // With the orphaned cards listed, how many of them match the filters (the others are open or edited).
  const { orphans, matchingOrphans } = useMemo(() => {
    const list = source.annotations.filter((a) => pinned(a.id) || orphanMatches(a));
    // One open or being edited that came in a list fetched apart for the filters before (they changed since):
    // first, from the reader's whole list (where `filter` below had it kept).
    const held = props.orphans.filter((a) => pinned(a.id) && !list.some((o) => o.id === a.id));
    const shown = [...held, ...list];
    return { orphans: shown, matchingOrphans: shown.filter(orphanMatches).length };
    // pinned and orphanMatches follow from these
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [source.annotations, props.orphans, filters, viewer.id, activeId, editingId]);
  const orphanRest = source.rest;
  // Until every span is here (a document with many fetches them), the count is the page's, unfiltered.
  const complete = spans.length === props.placed;
  const total = props.placed + props.orphans.length + props.orphanRest.count;
  // Those kept only because they are open or edited are not counted as matching.
  const orphanCount = matchingOrphans + orphanRest.count;
  const filtered = items.length - (editor?.kind === "create" ? 1 : 0) - unmatchedPlaced + orphanCount;
  // the first matching orphaned annotations on their way
  const orphansComing = orphanRest.loading && matchingOrphans === 0;

  // Bring the active card or the editor into the window (now, while rendering), then into view.
  const target = editor?.kind === "create" ? DRAFT_KEY : (editingId ?? activeId);
  const [revealed, setRevealed] = useState({ seq: 0, key: null as string | null, focus: false });
  if (reveal.seq !== revealed.seq) {
    const i = target ? items.findIndex((it) => it.key === target) : -1;
    // An orphaned annotation's card is always rendered (after the placed ones): its editor is revealed too.
    const orphan = target !== null && orphans.some((o) => o.id === target);
    setRevealed({ seq: reveal.seq, key: i >= 0 || orphan ? target : null, focus: reveal.focus && !editor });
    if (i >= 0 && (i < win.from || i >= win.to)) setWin({ from: Math.max(0, i - 3), to: Math.max(0, i - 3) + PAGE });
  }
  useEffect(() => {
    if (!revealed.key) return;
    const el = document.getElementById(revealed.key === DRAFT_KEY ? "entry-draft" : `entry-${revealed.key}`);
    if (!el || !scroller.current) return;
    // The editor from its top (it grows as its parts mount); a card as little as needed. Only the list
    // scrolls: the page stays where the passage is.
    const container = scroller.current;
    const mode = revealed.key === DRAFT_KEY || revealed.key === editingId ? "start" : "nearest";
    scrollWithin(container, el, mode);
    if (revealed.focus) el.querySelector<HTMLElement>("article")?.focus({ preventScroll: true });
    if (mode !== "start") return;
    // The editor grows as its parts mount (the note editor renders after hydration): keep it in view
    // while it settles.
    const observer = new ResizeObserver(() => scrollWithin(container, el, "start"));
    observer.observe(el);
    const stop = setTimeout(() => observer.disconnect(), 1500);
    return () => {
      clearTimeout(stop);
      observer.disconnect();
    };
    // once per request
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealed]);
  // New filters start from the top; the reader is told them (for the orphaned annotations not fetched yet).
  const filter = (change: Partial<Filters>) => {
    const next = { cls, reviewer, mine, ...change };
    // The open or edited card stays: kept where the next filters' list, fetched afresh, cannot lose it.
    for (const a of props.filteredOrphans?.annotations ?? []) if (pinned(a.id) && !props.orphans.some((o) => o.id === a.id)) props.onKeepOrphan(a);
    setFilters(next);
    setWin({ from: 0, to: PAGE });
    onOrphanFilter(orphanFilterOf(next, viewer.id));
  };
  // A card closed by its Close goes, with the focus in it: the focus goes to the list's heading.
  const closeCard = () => {
    props.onCloseCard();
    heading.current?.focus();
  };
  // A filter chosen before the page hydrated (a slow phone) is in the controls, which React leaves as they
  // are, but not in the state: taken as chosen, once, rather than the list showing everything under it.
  const classSelect = useRef<HTMLSelectElement>(null);
  const reviewerSelect = useRef<HTMLSelectElement>(null);
  const mineBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const chosen: Filters = { cls: (classSelect.current?.value ?? "") as "" | Classification, reviewer: reviewerSelect.current?.value ?? "", mine: mineBox.current?.checked ?? false };
    if (chosen.cls || chosen.reviewer || chosen.mine) filter(chosen);
    // once, at hydration
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const from = Math.min(win.from, Math.max(0, items.length - 1));
  const shown = items.slice(from, win.to);
  useEffect(() => {
    const ids = shown.flatMap((it) => (it.span && !details.has(it.span.id) && !missing.has(it.span.id) ? [it.span.id] : []));
    if (ids.length) requestDetails(ids);
  });

  // More cards as the end of the list scrolls into view.
  const more = items.length - win.to;
  useEffect(() => {
    const root = scroller.current;
    const end = sentinel.current;
    if (!root || !end || more <= 0) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setWin((w) => ({ ...w, to: w.to + PAGE }));
    }, { root, rootMargin: "200px" });
    observer.observe(end);
    return () => observer.disconnect();
  }, [more]);

  return (
    <section className="panel annotation-list" aria-label="Annotations" id="annotations">
      <div className="list-head">
        <h2 ref={heading} tabIndex={-1}>
          Annotations <span className="muted small">({filtered === total || !complete ? total : `${filtered} of ${total}`})</span>
        </h2>
        <div className="filters">
          <label>
            <span className="filter-name">Class</span>{" "}
            <select ref={classSelect} value={cls} onChange={(e) => filter({ cls: e.target.value as "" | Classification })}>
              <option value="">All classes</option>
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {CLASS_LABEL[c]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="filter-name">Reviewer</span>{" "}
            <select ref={reviewerSelect} value={reviewer} onChange={(e) => filter({ reviewer: e.target.value })}>
              <option value="">All reviewers</option>
              {reviewers.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input ref={mineBox} type="checkbox" checked={mine} onChange={(e) => filter({ mine: e.target.checked })} /> Mine
          </label>
        </div>
      </div>
      {filtered === 0 && !editor && !orphansComing && (
        <p className="muted">{total === 0 ? "No annotations yet. Select a passage in the text to annotate it." : "No annotation matches these filters."}</p>
      )}
      <ol className="entries" ref={scroller}>
        {from > 0 && (
          <li className="list-more">
            <button type="button" onClick={() => setWin((w) => ({ ...w, from: Math.max(0, w.from - PAGE) }))}>
              Show earlier ({from} before)
            </button>
          </li>
        )}
        {shown.map((it) =>
          it.span ? (
            <AnnotationCard
              key={it.key}
              {...props}
              span={it.span}
              detail={details.get(it.span.id)}
              gone={missing.has(it.span.id)}
              active={it.span.id === activeId}
              unmatched={!spanMatches(it.span)}
              onCloseCard={closeCard}
              editorNode={editor?.kind === "edit" && editor.id === it.span.id ? editor.node : null}
            />
          ) : (
            <li key={it.key} id="entry-draft" className="entry entry-draft entry-editing">
              {editor?.node}
            </li>
          ),
        )}
        {more > 0 && (
          <li className="list-more" ref={sentinel}>
            <button type="button" onClick={() => setWin((w) => ({ ...w, to: w.to + PAGE }))}>
              Show more ({more} more)
            </button>
          </li>
        )}
        {/* Always rendered (those fetched: usually all, they are few), so a permalink or a search finds them even before the list ends. */}
        {(orphanCount > 0 || orphansComing) && (
          <li className="orphans-head">
            <h3 className="small">Not found in this version’s text ({orphansComing ? "…" : orphanCount.toLocaleString("en")})</h3>
          </li>
        )}
        {orphans.map((a) => (
          <OrphanCard
            key={a.id}
            {...props}
            annotation={a}
            active={a.id === activeId}
            unmatched={!orphanMatches(a)}
            onOpen={() => props.onOpenOrphan(a.id)}
            onCloseCard={closeCard}
            editorNode={editor?.kind === "edit" && editor.id === a.id ? editor.node : null}
          />
        ))}
        {(orphanRest.count > 0 || orphansComing || (orphanRest.error && matchingOrphans === 0 && !unfiltered)) && (
          <li className="list-more orphans-more">
            <button type="button" disabled={orphanRest.loading} onClick={source.more}>
              {orphanRest.loading
                ? "Loading…"
                : orphanRest.count > 0
                  ? `Show ${orphanRest.count.toLocaleString("en")} more orphaned annotation${orphanRest.count === 1 ? "" : "s"}`
                  : "Try again"}
            </button>
            {orphanRest.error && (
              <p className="error" role="alert">
                {orphanRest.error}
              </p>
            )}
          </li>
        )}
      </ol>
    </section>
  );
}

function scrollWithin(container: HTMLElement, el: HTMLElement, mode: "start" | "nearest") {
  const box = container.getBoundingClientRect();
  const r = el.getBoundingClientRect();
  const margin = 8;
  // At the top, with a smaller gap when that lets an editor that nearly fills the list show whole.
  const gap = Math.min(margin, Math.max(0, box.height - r.height));
  if (mode === "start" || r.height > box.height - 2 * margin || r.top < box.top) container.scrollTop += r.top - box.top - gap;
  else if (r.bottom > box.bottom) container.scrollTop += r.bottom - box.bottom + margin;
}

interface CardProps extends Readonly<Props> {
  span: Span;
  detail: AnnotationDTO | undefined;
  gone: boolean;
  active: boolean;
  /** Shown only because it is open or being edited: the filters do not match it (any more). */
  unmatched: boolean;
  editorNode: ReactNode;
}

/** Said on a card kept only because it is open or being edited, with a Close once it is no longer being edited. */
function FilterMismatch({ editing, onClose }: Readonly<{ editing: boolean; onClose: () => void }>) {
  return (
    <p className="filter-mismatch small" data-testid="filter-mismatch">
      This annotation does not match the filters. {editing ? "It stays here while you edit it." : "It stays here until you close it."}
      {!editing && (
        <>
          {" "}
          <button type="button" className="link small" onClick={onClose}>
            Close<span className="visually-hidden"> this card</span>
          </button>
        </>
      )}
    </p>
  );
}

/** The ruling's part of a card: its block (or the form) and the Rule button's focus. */
function useRulingState() {
  const [ruling, setRuling] = useState(false);
  const focus = useRuleFocus();
  return { ruling, setRuling, focus };
}

type SectionProps = Parameters<typeof RulingSection>[0];

/** A card's ruling block, wired to the card's ruling state (placed and orphaned cards alike). */
function CardRuling({ rule, ...props }: Readonly<Pick<SectionProps, "annotation" | "viewer" | "onAnnotation"> & { rule: ReturnType<typeof useRulingState> }>) {
  return <RulingSection {...props} editing={rule.ruling} onEdit={rule.setRuling} changeRef={rule.focus.ref} onDone={rule.focus.focusSoon} />;
}

function RuleButton({
  open,
  buttonRef,
  onOpen,
  annotation,
  viewer,
}: Readonly<{ open: boolean; buttonRef: Ref<HTMLButtonElement>; onOpen: () => void; annotation: AnyAnnotationDTO; viewer: ListViewer }>) {
  if (open || annotation.ruling || !mayRule(viewer, annotation)) return null;
  return (
    <button type="button" ref={buttonRef} onClick={onOpen}>
      Rule
    </button>
  );
}

function AnnotationCard({ span, detail, gone, active, unmatched, editorNode, authors, viewer, quoteOf, onShow, onEdit, onDelete, onCopyLink, renderExtra, onAnnotation, placement, onCloseCard }: CardProps) {
  const rule = useRulingState();
  const author = authors.get(span.authorId) ?? "unknown";
  const quote = quoteOf(span);
  return (
    <li
      id={`entry-${span.id}`}
      className={`entry entry-${claimClass(span.classification, span.ruling)}${active ? " focused" : ""}${editorNode ? " entry-editing" : ""}`}
      data-annotation-id={span.id}
    >
      {unmatched && <FilterMismatch editing={editorNode !== null} onClose={onCloseCard} />}
      {editorNode ?? (
        <article
          id={`a-${span.id}`}
          tabIndex={-1}
          aria-label={`${CLASS_LABEL[span.classification]} annotation by ${author}${span.ruling ? `, ruled ${CLASS_LABEL[span.ruling]}` : ""}`}
        >
          <header>
            <ClassLine classification={span.classification} ruling={span.ruling} />
            <span className="muted small">
              {author}
              {detail && (
                <>
                  {" "}
                  · <RelativeTime iso={detail.createdAt} />
                </>
              )}
              {detail && detail.version > 1 && " · edited"}
            </span>
          </header>
          <button type="button" className="quote-button" onClick={() => onShow(span)} title="Show in text">
            <CardQuote text={quote} />
            <span className="visually-hidden"> — show in text</span>
          </button>
          <PlacementNotice annotation={detail} fuzzy={(span.flags & SPAN_FLAGS.fuzzy) !== 0} viewer={viewer} placement={placement} />
          {detail ? (
            <>
              <CardRuling annotation={detail} viewer={viewer} rule={rule} onAnnotation={onAnnotation} />
              {!isEmptyNote(detail.note) && <NoteView doc={detail.note} />}
              <EvidenceList id={span.id} evidence={detail.evidence} />
              {renderExtra?.(detail)}
            </>
          ) : (
            <p className="muted small">{gone ? "This annotation is no longer available." : "Loading…"}</p>
          )}
          <CardActions id={span.id} annotation={detail} authorId={span.authorId} viewer={viewer} rule={rule} onEdit={onEdit} onDelete={onDelete} onCopyLink={onCopyLink} />
        </article>
      )}
    </li>
  );
}

/** An orphaned annotation: its last quote (no place to show in the text), its note, evidence, ruling and
 * discussion, and the same actions as a placed card (an edit changes its class, note and evidence only). */
function OrphanCard({
  annotation: a,
  active,
  unmatched,
  editorNode,
  viewer,
  onCopyLink,
  onEdit,
  onDelete,
  renderExtra,
  onAnnotation,
  placement,
  onOpen,
  onCloseCard,
}: Readonly<Props> & { annotation: OrphanedAnnotationDTO; active: boolean; unmatched: boolean; onOpen: () => void; editorNode: ReactNode }) {
  const rule = useRulingState();
  const quote = a.anchor.previousQuote ?? a.quote;
  return (
    // Working in a card (its Edit, Rule, discussion or any control takes the focus) makes it the open one,
    // which the filters then leave shown: a ruling or a reply being written does not vanish with it.
    <li
      id={`entry-${a.id}`}
      className={`entry entry-${claimClass(a.classification, a.ruling?.classification)} entry-orphaned${active ? " focused" : ""}${editorNode ? " entry-editing" : ""}`}
      data-annotation-id={a.id}
      onFocus={() => {
        if (!active) onOpen();
      }}
    >
      {unmatched && <FilterMismatch editing={editorNode !== null} onClose={onCloseCard} />}
      {editorNode ?? (
        <article id={`a-${a.id}`} tabIndex={-1} aria-label={`Orphaned ${CLASS_LABEL[a.classification]} annotation by ${a.author.name}`}>
          <header>
            <ClassLine classification={a.classification} ruling={a.ruling?.classification ?? null} />
            <span className="muted small">
              {a.author.name} · <RelativeTime iso={a.createdAt} />
              {a.version > 1 && " · edited"}
            </span>
          </header>
          <p className="orphan-quote">
            <span className="visually-hidden">Last quote: </span>
            <CardQuote text={quote} />
          </p>
          <PlacementNotice annotation={a} fuzzy={false} viewer={viewer} placement={placement} />
          <CardRuling annotation={a} viewer={viewer} rule={rule} onAnnotation={onAnnotation} />
          {!isEmptyNote(a.note) && <NoteView doc={a.note} />}
          <EvidenceList id={a.id} evidence={a.evidence} />
          {renderExtra?.(a)}
          <CardActions id={a.id} annotation={a} authorId={a.author.id} viewer={viewer} rule={rule} onEdit={onEdit} onDelete={onDelete} onCopyLink={onCopyLink} />
        </article>
      )}
    </li>
  );
}

function EvidenceList({ id, evidence }: Readonly<{ id: string; evidence: AnyAnnotationDTO["evidence"] }>) {
  if (evidence.length === 0) return null;
  return (
    <div className="evidence">
      <p className="evidence-title" id={`ev-${id}`}>
        Evidence
      </p>
      <ul aria-labelledby={`ev-${id}`}>
        {evidence.map((e, i) => (
          <li key={i}>
            {e.citation && <span>{e.citation}</span>}
            {e.citation && e.url && " — "}
            {e.url && (
              <a href={e.url} target="_blank" rel="nofollow noopener noreferrer">
                {excerpt(e.url, 60)}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A card's actions, placed or orphaned: Copy link; once its record is here, Edit (its author), Rule
 * (editors and admins) and Delete (its author or an admin), asked in place; a failed deletion says why.
 */
function CardActions({
  id,
  annotation,
  authorId,
  viewer,
  rule,
  onEdit,
  onDelete,
  onCopyLink,
}: Readonly<{ id: string; annotation: AnyAnnotationDTO | undefined; authorId: string; viewer: ListViewer; rule: ReturnType<typeof useRulingState> } & Pick<Props, "onEdit" | "onDelete" | "onCopyLink">>) {
  const [error, setError] = useState<string | null>(null);
  const own = authorId === viewer.id && viewer.role !== "viewer";
  const canDelete = own || viewer.role === "admin";
  return (
    <>
      <div className="actions">
        <button type="button" className="link small" onClick={() => onCopyLink(id)}>
          Copy link
        </button>
        {own && annotation && (
          <button type="button" data-action="edit" onClick={() => onEdit(annotation)}>
            Edit
          </button>
        )}
        {annotation && <RuleButton open={rule.ruling} buttonRef={rule.focus.ref} onOpen={() => rule.setRuling(true)} annotation={annotation} viewer={viewer} />}
        {canDelete && annotation && (
          <ConfirmInPlace
            label="Delete"
            onConfirm={async () => {
              setError(null);
              try {
                await onDelete(annotation);
              } catch (err) {
                setError((err as Error).message);
                throw err;
              }
            }}
          />
        )}
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
