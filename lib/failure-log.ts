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
