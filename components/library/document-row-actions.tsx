"use client";
// Admin actions on a library row: edit the metadata, soft delete (with confirmation) and restore.
import Link from "next/link";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { apiFetch, ApiError } from "@/lib/client/api";

export function DocumentRowActions({ id, title, deleted }: Readonly<{ id: string; title: string; deleted: boolean }>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(action: "delete" | "restore") {
    if (action === "delete" && !window.confirm(`Delete “${title}”? It leaves the library; an admin can restore it with its annotations.`)) return;
    setBusy(true);
    setError(null);
    try {
      if (action === "delete") await apiFetch(`/api/documents/${id}`, { method: "DELETE" });
      else await apiFetch(`/api/documents/${id}/restore`, { method: "POST" });
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="row-actions">
      {deleted ? (
        <button type="button" disabled={busy} onClick={() => run("restore")} aria-label={`Restore ${title}`}>
          Restore
        </button>
      ) : (
        <>
          <Link href={`/documents/${id}/edit`} className="button" aria-label={`Edit details of ${title}`}>
            Edit
          </Link>
          <button type="button" className="danger" disabled={busy} onClick={() => run("delete")} aria-label={`Delete ${title}`}>
            Delete
          </button>
        </>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
