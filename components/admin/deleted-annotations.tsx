"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { apiFetch } from "@/lib/client/api";
import type { AnyAnnotationDTO } from "@/lib/annotations/types";
import { ClassBadge } from "@/components/annotations/class-badge";
import { RelativeTime } from "@/components/annotations/relative-time";
import { excerpt } from "@/lib/excerpt";

type Deleted = AnyAnnotationDTO & { document: { id: string; title: string }; deletedAt: string; deletedBy: { id: string; name: string } | null };

export function DeletedAnnotations({ initial }: Readonly<{ initial: Deleted[] }>) {
  const [items, setItems] = useState(initial);
  const [message, setMessage] = useState<string | null>(null);
  // After a restore its row is gone: focus the next row's Restore (or the previous one's), else the status.
  const [focusAfter, setFocusAfter] = useState<{ index: number } | null>(null);
  const statusLine = useRef<HTMLParagraphElement>(null);
  const table = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (!focusAfter) return;
    const buttons = table.current?.querySelectorAll<HTMLButtonElement>("button[data-restore]") ?? [];
    const next = buttons[Math.min(focusAfter.index, buttons.length - 1)];
    (next ?? statusLine.current)?.focus();
  }, [focusAfter]);
  return (
    <>
      <p ref={statusLine} role="status" className="small" tabIndex={-1}>
        {message}
      </p>
      {items.length === 0 ? (
        <p>No deleted annotations.</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table deleted-table">
            <thead>
              <tr>
                <th scope="col">Annotation</th>
                <th scope="col">Document</th>
                <th scope="col">Author</th>
                <th scope="col">Deleted</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody ref={table}>
              {items.map((a, index) => (
                <tr key={a.id}>
                  <td>
                    <ClassBadge classification={a.classification} /> <q>{excerpt(a.quote, 120)}</q>
                  </td>
                  <td data-label="Document">
                    <Link href={`/documents/${a.document.id}`}>{a.document.title}</Link>
                  </td>
                  <td data-label="Author">{a.author.name}</td>
                  <td data-label="Deleted">
                    {/* One element: on a phone the cell is a grid whose elements take the value column, and a
                        bare " by …" text was laid out in the label column, under "Deleted". */}
                    <span>
                      <RelativeTime iso={a.deletedAt} />
                      {a.deletedBy && <> by {a.deletedBy.name}</>}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      data-restore
                      onClick={async () => {
                        try {
                          await apiFetch(`/api/annotations/${a.id}/restore`, { method: "POST" });
                          setItems((list) => list.filter((x) => x.id !== a.id));
                          setMessage(`Restored the annotation on “${a.document.title}”.`);
                          setFocusAfter({ index });
                        } catch (err) {
                          setMessage((err as Error).message);
                        }
                      }}
                    >
                      Restore
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
