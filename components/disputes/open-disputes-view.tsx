// The open disputes queue: annotations with open disputes and no ruling, across the corpus, the
// longest-waiting first, each with its class, who disputes it and what they would say instead, and a
// link to the annotation in the reader, where an editor rules.
import Link from "next/link";
import { Pagination } from "@/components/layout/pagination";
import type { OpenDisputesPage } from "@/lib/annotations/rulings";
import { ClassBadge } from "@/components/annotations/class-badge";
import { RelativeTime } from "@/components/annotations/relative-time";
import { plural } from "@/lib/plural";
import "./disputes.css";
import { clipAtWord, excerpt } from "@/lib/excerpt";

const QUOTE_CHARS = 280;
const shorten = (quote: string) => clipAtWord(quote, QUOTE_CHARS);

/** `viewerId`: the editor or admin looking; their own annotations wait for another one's ruling. */
export function OpenDisputesView({ data, viewerId }: Readonly<{ data: OpenDisputesPage; viewerId: string }>) {
  const { items, total, page, pageSize } = data;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const first = (page - 1) * pageSize + 1;
  return (
    <>
      <h1>Open disputes</h1>
      <p className="muted">
        Annotations that another reviewer disputes and no editor has ruled on yet, the longest-waiting first. A dispute closes
        when the author adopts the proposed class or an editor rules; open an annotation to rule on it.
      </p>
      <p className="disputes-count" role="status">
        {total === 0
          ? "No open disputes: every disputed annotation has been settled."
          : items.length === 0
            ? `${plural(total, "annotation")} with open disputes; this page is past the last one.`
            : `${plural(total, "annotation")} with open disputes${pageCount > 1 ? `, ${first.toLocaleString("en")}–${(first + items.length - 1).toLocaleString("en")} shown` : ""}.`}
      </p>
      {items.length > 0 && (
        <ol className="disputes-list" start={first}>
          {items.map(({ annotation: a, document: doc, waitingSince, permalink }) => {
            const open = a.verdicts.filter((v) => v.verdict === "dispute" && v.status === "open");
            // No one rules on their own annotation: it is listed for the other editors, and says so.
            const own = a.author.id === viewerId;
            return (
              <li key={a.id} className={`panel dispute-card entry-${a.classification}`}>
                <p className="dispute-where small">
                  In <Link href={`/documents/${encodeURIComponent(doc.id)}`}>{doc.title}</Link> · waiting since <RelativeTime iso={waitingSince} />
                </p>
                <blockquote className="dispute-quote">{shorten(a.quote)}</blockquote>
                <p className="dispute-line">
                  <span>{own ? "You classified it" : `${a.author.name} classified it`}</span> <ClassBadge classification={a.classification} />
                </p>
                <ul className="dispute-proposals" aria-label={`${plural(open.length, "open dispute")} on this annotation`}>
                  {open.map((v) => (
                    <li key={v.reviewer.id} className="dispute-line">
                      <span>{v.reviewer.name} would say</span> {v.proposedClass && <ClassBadge classification={v.proposedClass} />}{" "}
                      <span className="small muted">
                        (<RelativeTime iso={v.updatedAt} />)
                      </span>
                    </li>
                  ))}
                </ul>
                <p className="dispute-actions">
                  {own ? (
                    <>
                      <Link href={permalink} className="button">
                        Open<span className="visually-hidden">: {excerpt(a.quote, 80)}</span>
                      </Link>
                      <span className="small muted">Your annotation: another editor or an admin rules on it.</span>
                    </>
                  ) : (
                    <Link href={permalink} className="button primary">
                      Open to rule<span className="visually-hidden">: {excerpt(a.quote, 80)}</span>
                    </Link>
                  )}
                  {a.replyCount > 0 && <span className="small muted">{plural(a.replyCount, "reply", "replies")}</span>}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={page} pageCount={pageCount} hrefFor={(n) => `/disputes?page=${n}`} />
    </>
  );
}
