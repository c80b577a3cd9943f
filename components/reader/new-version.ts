"use client";
// A new version of the text reloads the reader onto it (use-reader-data.ts); the reloaded page says so.
// The number goes through sessionStorage (this tab only) across the reload, and is read once.

const key = (documentId: string) => `apparatus:new-version:${documentId}`;

export function rememberNewVersion(documentId: string, version: number | null): void {
  try {
    window.sessionStorage.setItem(key(documentId), String(version ?? 0));
  } catch {
    // storage unavailable: the page reloads without the notice
  }
}

/** The version this tab reloaded for (0: unknown), once; null when it did not reload for one. */
export function takeNewVersion(documentId: string): number | null {
  try {
    const value = window.sessionStorage.getItem(key(documentId));
    if (value === null) return null;
    window.sessionStorage.removeItem(key(documentId));
    return Number(value) || 0;
  } catch {
    return null;
  }
}
