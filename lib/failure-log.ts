// The server log of something that fails again and again while the database is away (the LISTEN
// connection, the live streams' caller re-check, each trying every second): the first failure, then at
// most one line every `everyMs` with how many failed since, and one line when it works again.
export interface FailureLog {
  failed(message: string): void;
  worked(): void;
}

export function failureLog(options: { name: string; retrying: string; recovered: string; everyMs: number }): FailureLog {
  let loggedAt = 0; // 0: none since it last worked
  let unlogged = 0;
  return {
    failed(message) {
      if (Date.now() - loggedAt < options.everyMs) return void unlogged++;
      console.error(`${options.name}: ${message}${unlogged ? ` (and ${unlogged} more failures since the last report)` : ""}; ${options.retrying}`);
      loggedAt = Date.now();
      unlogged = 0;
    },
    worked() {
      if (loggedAt) console.log(`${options.name}: ${options.recovered}`);
      loggedAt = 0;
      unlogged = 0;
    },
  };
}

export interface FailuresByKind {
  /**
   * A failure of `kind` (a page's path): true when it is the first of its kind for `episodeMs` and its
   * reporter logs it in full (Next: the error's stack); else false, and at most one line every `everyMs`,
   * `line()` with how many failed since, stands for the failures since the last report.
   */
  failed(kind: string, line: () => string): boolean;
}

/** The server log of requests that fail alike again and again (pages while the database is away). */
export function failuresByKind(options: { everyMs: number; episodeMs: number }): FailuresByKind {
  const kinds = new Map<string, { loggedAt: number; lastAt: number; unlogged: number }>(); // one per page and trouble: bounded
  return {
    failed(kind, line) {
      const now = Date.now();
      const seen = kinds.get(kind);
      if (!seen || now - seen.lastAt >= options.episodeMs) {
        kinds.set(kind, { loggedAt: now, lastAt: now, unlogged: 0 });
        return true;
      }
      seen.lastAt = now;
      if (now - seen.loggedAt < options.everyMs) {
        seen.unlogged++;
        return false;
      }
      console.error(`${kind}: ${line()}${seen.unlogged ? ` (and ${seen.unlogged} more since the last report)` : ""}`);
      seen.loggedAt = now;
      seen.unlogged = 0;
      return false;
    },
  };
}
