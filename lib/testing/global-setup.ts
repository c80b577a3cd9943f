// Vitest global setup: nothing yet; database-backed tests create their own throw-away SQLite file.
export default function setup(): void {}
