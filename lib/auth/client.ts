"use client";
// Browser side of sign-in and sign-out: next-auth's endpoints, with our own handling of throttling (429)
// and of a database that cannot be reached (503).
import { ACCOUNT_INACTIVE } from "./sign-in-errors";

async function csrfToken(): Promise<string> {
  const res = await fetch("/api/auth/csrf", { cache: "no-store" });
  const data = (await res.json()) as { csrfToken: string };
  return data.csrfToken;
}

/** `wrongCredentials`: the email and password do not match an account (the fields are marked invalid). */
export type SignInResult = { ok: true } | { ok: false; message: string; wrongCredentials?: boolean };

export async function signInWithPassword(email: string, password: string): Promise<SignInResult> {
  const body = new URLSearchParams({ email, password, csrfToken: await csrfToken(), json: "true" });
  const res = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
    body,
  });
  if (res.status === 429 || res.status === 503) {
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    const fallback = res.status === 429 ? "Too many failed sign-ins. Try again later." : "The server cannot sign you in just now. Try again in a moment.";
    return { ok: false, message: data?.error?.message ?? fallback };
  }
  const data = (await res.json().catch(() => ({}))) as { url?: string };
  const error = data.url ? new URL(data.url, window.location.href).searchParams.get("error") : "unknown";
  if (error === ACCOUNT_INACTIVE) return { ok: false, message: "This account is deactivated. Ask an admin to reactivate it." };
  if (!res.ok || error) return { ok: false, message: "Wrong email or password.", wrongCredentials: true };
  return { ok: true };
}

/** Signs out; a message when the server could not end the session (the database away: 503), which stays signed in. */
export async function signOut(): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const body = new URLSearchParams({ csrfToken: await csrfToken(), json: "true" });
    const res = await fetch("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    if (res.ok) return { ok: true };
    const data = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    return { ok: false, message: `Not signed out. ${data?.error?.message ?? "Try again in a moment."}` };
  } catch {
    return { ok: false, message: "Not signed out: the server could not be reached. Try again in a moment." };
  }
}
