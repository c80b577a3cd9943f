"use client";
import { useRef, useState } from "react";
import { signInWithPassword } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/http/safe-next";

export function LoginForm({ next }: Readonly<{ next: string }>) {
  const [error, setError] = useState<string | null>(null);
  // The fields the message is about, marked invalid: an empty one (said before anything is sent), or both
  // for a wrong email or password.
  const [invalid, setInvalid] = useState<{ email: boolean; password: boolean }>({ email: false, password: false });
  const [busy, setBusy] = useState(false);
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const address = String(form.get("email") ?? "").trim();
    const secret = String(form.get("password") ?? "");
    const missing = !address ? { field: email, message: "Enter your email address." } : !secret ? { field: password, message: "Enter your password." } : null;
    if (missing) {
      setError(missing.message);
      setInvalid({ email: !address, password: !!address && !secret });
      missing.field.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const result = await signInWithPassword(address, secret);
    if (result.ok) {
      // Checked here too: the form navigates in the browser, where a bad `next` would leave the site.
      window.location.assign(safeNextPath(next));
      return;
    }
    setBusy(false);
    setError(result.message);
    setInvalid({ email: result.wrongCredentials === true, password: result.wrongCredentials === true });
    // The button was disabled while waiting, which dropped the focus to the page: back to the password,
    // selected, so the next try is typed straight away (the alert is read out).
    requestAnimationFrame(() => {
      password.current?.focus();
      password.current?.select();
    });
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input
          id="email"
          ref={email}
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={invalid.email || undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input
          id="password"
          ref={password}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={invalid.password || undefined}
          aria-describedby={error ? "login-error" : undefined}
        />
      </div>
      {error && (
        <p id="login-error" className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
