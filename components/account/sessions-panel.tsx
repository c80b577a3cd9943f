"use client";
// Where else one is signed in, and a way to sign out there: a browser left signed in on a shared
// computer, a lost phone (DELETE /api/me/sessions; this browser stays signed in, API tokens stay).
import { useEffect, useId, useRef, useState } from "react";
import { apiFetch, ApiError } from "@/lib/client/api";

const others = (n: number) => (n === 1 ? "one other browser or device" : `${n} other browsers or devices`);

export function SessionsPanel({ initialOthers, maxAgeHours }: Readonly<{ initialOthers: number; maxAgeHours: number }>) {
  const id = useId();
  const [count, setCount] = useState(initialOthers);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const status = useRef<HTMLParagraphElement>(null);
  // The button is gone (or stays) once the answer is shown: the outcome then takes the focus, read out.
  useEffect(() => {
    if (message) status.current?.focus();
  }, [message]);

  async function endOthers() {
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const { ended } = await apiFetch<{ ended: number }>("/api/me/sessions", { method: "DELETE" });
      setCount(0);
      setMessage({ kind: "ok", text: ended === 0 ? "There was nowhere else to sign out of." : `Signed out of ${others(ended)}. This one stays signed in.` });
    } catch (e) {
      setMessage({ kind: "error", text: e instanceof ApiError ? e.message : "That did not work. Try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel sessions-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Where you are signed in</h2>
      <p>{count === 0 ? "Only here, in this browser." : `Here, and in ${others(count)}.`}</p>
      {count > 0 && (
        <button type="button" aria-disabled={busy || undefined} onClick={() => void endOthers()}>
          {busy ? "Signing out…" : "Sign out everywhere else"}
        </button>
      )}
      <p ref={status} role={message?.kind === "error" ? "alert" : "status"} className={`small ${message?.kind === "error" ? "error" : "ok"}`} tabIndex={-1}>
        {message?.text}
      </p>
      <p className="muted small">
        A session also ends by itself {maxAgeHours === 1 ? "an hour" : `${maxAgeHours} hours`} after signing in. API tokens are not affected: revoke
        them below.
      </p>
    </section>
  );
}
