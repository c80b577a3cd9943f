"use client";
// Browser-side calls to the documents API: an error body becomes a RequestError with its message.

export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function request<T>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, ...rest } = init;
  let res: Response;
  try {
    res = await fetch(url, {
      ...rest,
      headers: json !== undefined ? { "content-type": "application/json" } : rest.headers,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
      cache: "no-store",
    });
  } catch {
    throw new RequestError(0, "NETWORK", "The server could not be reached. Check the connection and try again.");
  }
  if (res.status === 401) {
    // A full load, not a client navigation: the session is gone and every cached page with it.
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination
    window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
    throw new RequestError(401, "UNAUTHENTICATED", "Your session has ended. Sign in again.");
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
  if (!res.ok) {
    throw new RequestError(res.status, body?.error?.code ?? "ERROR", body?.error?.message ?? `The request failed (${res.status}).`, body?.error?.details);
  }
  return body as T;
}
