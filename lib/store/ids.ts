import crypto from "node:crypto";

// A collision-resistant id in the spirit of cuid, for rows the stores insert (Prisma makes its own with
// @default(cuid())): a time prefix keeps new rows in index order.
// The random part comes from a pool filled 4 KB at a time (one call into the CSPRNG per 512 ids, not one
// per id: an import makes hundreds of thousands).
let counter = 0;
const pool = Buffer.alloc(4096);
let used = pool.length;
export function newId(): string {
  counter = (counter + 1) % 1_679_616;
  if (used + 8 > pool.length) {
    crypto.randomFillSync(pool);
    used = 0;
  }
  const random = pool.toString("hex", used, used + 8);
  used += 8;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${random}`;
}
