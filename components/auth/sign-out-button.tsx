"use client";
import { useState } from "react";
import { signOut } from "@/lib/auth/client";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        disabled={busy}
        aria-describedby={error ? "sign-out-error" : undefined}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const result = await signOut();
          if (!result.ok) {
            // Still signed in (the database could not end the session): say so, and let them try again.
            setError(result.message);
            setBusy(false);
            return;
          }
          // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the session is gone
          window.location.assign("/login");
        }}
      >
        Sign out
      </button>
      {error && (
        <span id="sign-out-error" className="error small" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
