import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "./db";

describe("the Prisma client's single connection", () => {
  it("keeps a write made by another caller while a transaction is open, even when that transaction rolls back", async () => {
    const id = crypto.randomUUID();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const transaction = db
      .$transaction(async (tx) => {
        await tx.setting.create({ data: { key: `tx-${id}`, value: "1" } });
        entered();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("roll back");
      })
      .then(
        () => "committed",
        () => "rolled back",
      );
    await inside;
    // Another request's confirmed write, issued while the transaction above is still open.
    await db.setting.create({ data: { key: `outside-${id}`, value: "1" } });
    expect(await transaction).toBe("rolled back");
    expect(await db.setting.findUnique({ where: { key: `outside-${id}` } })).not.toBeNull();
    expect(await db.setting.findUnique({ where: { key: `tx-${id}` } })).toBeNull();
  });
});
