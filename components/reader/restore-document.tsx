"use client";
// The Restore action of a deleted document's read-only page (admins): restored, the page becomes the
// reader of the live document; refused (the same text is in the library again), it says why.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { apiFetch, ApiError } from "@/lib/client/api";

export function RestoreDocument({ id, title }: Readonly<{ id: string; title: string }>) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function restore() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/documents/${encodeURIComponent(id)}/restore`, { method: "POST" });
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Something went wrong; nothing was restored.");
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="primary" disabled={busy} onClick={() => void restore()} aria-label={`Restore ${title}`}>
        {busy ? "Restoring…" : "Restore"}
      </button>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
