// For DB-backed unit tests: the app's Prisma client on the test database, to set up rows and check what
// was stored. Test code only; the app reaches the database through its stores.
export { prisma as db, engine } from "@/lib/store/engine";
