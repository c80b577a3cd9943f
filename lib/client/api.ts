"use client";
// Browser-side JSON calls to our API: an error body becomes an ApiError with its message; a 401 sends
// the user to sign-in, except from a call made in the background (`background: true`: a count the page
// fetches by itself must not take the user away from what they are doing; their next action will).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let signingIn = false;
let reloading = false;

/**
 * Whether the page is leaving by itself with its drafts kept in this browser (no "leave this page?"
 * then): on its way to sign-in because the session ended, or reloading onto a new version of the text.
 */
export const leavingWithoutAsking = () => signingIn || reloading;

/** Load the page afresh without the browser's "Leave site?" prompt: drafts are kept in this browser's storage. */
export function reloadKeepingDrafts(): void {
  reloading = true;
  window.location.reload();
}

/**
 * The session ended (signed out elsewhere, expired, revoked, deactivated): sign in again and come back
 * here. A full load, not a client navigation: the session is gone and every cached page with it. Drafts
 * are kept in this browser's storage, so the page is left without asking; the sign-in page says why.
 */
export function goToSignIn(): void {
  if (signingIn) return;
  signingIn = true;
  const next = encodeURIComponent(window.location.pathname + window.location.search);
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?ended=1&next=${next}`);
}

export async function apiFetch<T>(url: string, init: RequestInit & { json?: unknown; background?: boolean } = {}): Promise<T> {
  const { json, background, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: json !== undefined ? { "content-type": "application/json" } : rest.headers,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, "NETWORK", "The server could not be reached. Check the connection and try again.");
  }
  if (res.status === 401) {
    if (!background) goToSignIn();
    throw new ApiError(401, "UNAUTHENTICATED", "Your session has ended. Sign in again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    throw new ApiError(res.status, body?.error?.code ?? "ERROR", body?.error?.message ?? `The request failed (${res.status}).`, body?.error?.details);
  }
  return body as T;
}
