"use client";
import { useState } from "react";
import { signOut } from "@/lib/auth/client";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await signOut();
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load: the session is gone
        window.location.assign("/login");
      }}
    >
      Sign out
    </button>
  );
}
