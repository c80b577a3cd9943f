import crypto from "node:crypto";

// A collision-resistant id in the spirit of cuid, for rows the stores insert (Prisma makes its own with
// @default(cuid())): a time prefix keeps new rows in index order.
let counter = 0;
export function newId(): string {
  counter = (counter + 1) % 1_679_616;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${crypto.randomBytes(8).toString("hex")}`;
}
