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
        window.location.assign("/login");
      }}
    >
      Sign out
    </button>
  );
}
