"use client";
import { useRef, useState } from "react";
import { signInWithPassword } from "@/lib/auth/client";
import { safeNextPath } from "@/lib/http/safe-next";

export function LoginForm({ next }: Readonly<{ next: string }>) {
  const [error, setError] = useState<string | null>(null);
  // Wrong email or password: both fields are marked invalid; the message describes both.
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const password = useRef<HTMLInputElement>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await signInWithPassword(String(form.get("email") ?? ""), String(form.get("password") ?? ""));
    if (result.ok) {
      // Checked here too: the form navigates in the browser, where a bad `next` would leave the site.
      window.location.assign(safeNextPath(next));
      return;
    }
    setBusy(false);
    setError(result.message);
    setInvalid(result.wrongCredentials === true);
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
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          aria-invalid={invalid || undefined}
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
          aria-invalid={invalid || undefined}
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
