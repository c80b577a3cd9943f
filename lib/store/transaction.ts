import "server-only";
// The transaction boundary, for services: a service opens a write (or a snapshot for an export) and hands
// the transaction to the stores it calls. It never queries with it itself (npm run lint checks that).
export { openSnapshot, read, write, type Db as Snapshot, type Tx } from "./engine";
