// The Responses page: what others did with the reader's work, newest first (lib/annotations/responses.ts),
// each with the annotation's passage, where it is, and a link to it in the reader. New ones (since they
// last looked) are marked; the page then marks them seen (MarkResponsesSeen).
import Link from "next/link";
import type { ResponseDTO, ResponsesPage } from "@/lib/annotations/responses";
import { ClassBadge } from "@/components/annotations/class-badge";
import { RelativeTime } from "@/components/annotations/relative-time";
import { excerpt } from "@/lib/excerpt";
import { MarkResponsesSeen } from "./mark-seen";
import "./responses.css";

export function ResponsesView({ data, first }: Readonly<{ data: ResponsesPage; first: boolean }>) {
  const { items, nextBefore, newCount } = data;
  return (
    <>
      <h1>Responses</h1>
      <p className="muted">
        What others did with your work, newest first: replies to your annotations and to your replies in a discussion, and verdicts and
        rulings on your annotations. Open one to answer it in the document.
      </p>
      <p className="responses-count" role="status">
        {items.length === 0
          ? first
            ? "No responses yet. When someone replies to your work, agrees with it, disputes it or rules on it, it shows here."
            : "No older responses."
          : newCount === 0
            ? "Nothing new since you last looked."
            : `${newCount >= 100 ? "99+" : newCount.toLocaleString("en")} new since you last looked.`}
      </p>
      {first && newCount > 0 && items[0] && <MarkResponsesSeen upTo={items[0].at} />}
      {items.length > 0 && (
        <ol className="responses-list">
          {items.map((r) => (
            <li key={r.key} className={`panel response-card${r.isNew ? " response-new" : ""}`}>
              <p className="response-what">
                <What response={r} /> · <RelativeTime iso={r.at} />
                {r.isNew && <span className="new-tag">New</span>}
              </p>
              {r.reply && <p className="response-reply">“{r.reply.text}”</p>}
              <blockquote className="response-quote">
                <ClassBadge classification={r.annotation.classification} /> {r.annotation.quote}
              </blockquote>
              <p className="response-where small">
                In <Link href={`/documents/${encodeURIComponent(r.annotation.documentId)}`}>{r.annotation.documentTitle}</Link>
                {" · "}
                <Link href={r.permalink}>
                  Open the annotation<span className="visually-hidden">: {excerpt(r.annotation.quote, 80)}</span>
                </Link>
              </p>
            </li>
          ))}
        </ol>
      )}
      {(nextBefore || !first) && (
        <nav aria-label="Pages" className="pagination">
          {!first && <Link href="/responses">← Newest</Link>}
          {nextBefore && (
            <Link href={`/responses?before=${encodeURIComponent(nextBefore)}`} rel="next">
              Older responses →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}

/** "Victor replied to your annotation", "Edith ruled on your annotation: Opinion", … */
function What({ response: r }: Readonly<{ response: ResponseDTO }>) {
  const whose = r.annotation.yours ? "your annotation" : "an annotation you replied to";
  const who = <strong>{r.by.name}</strong>;
  if (r.reply) {
    return (
      <>
        {who} replied {r.annotation.yours ? "to your annotation" : "after you, in a discussion you are in"}
      </>
    );
  }
  if (r.verdict?.verdict === "agree") return <>{who} agrees with {whose}</>;
  if (r.verdict) {
    return (
      <>
        {who} disputes {whose}: would say {r.verdict.proposedClass && <ClassBadge classification={r.verdict.proposedClass} />}
        {r.verdict.resolved && <span className="muted"> (settled)</span>}
      </>
    );
  }
  return (
    <>
      {who} ruled on {whose}: {r.ruling && <ClassBadge classification={r.ruling.classification} />}
    </>
  );
}
