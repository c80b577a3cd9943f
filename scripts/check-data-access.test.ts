import { describe, expect, it } from "vitest";
// @ts-expect-error -- a plain-Node script without type declarations
import { findViolations } from "./check-data-access.mjs";

const check = (files: Record<string, string>): string[] => findViolations(Object.keys(files), (f: string) => files[f]);

describe("the data access check of npm run lint", () => {
  it("passes the stores and the data layer", () => {
    expect(
      check({
        "lib/annotations/store.ts": 'import { db } from "@/lib/store/engine";\nconst q = sql`SELECT 1`;',
        "lib/store/sqlite.ts": 'import Database from "better-sqlite3";',
        "lib/annotations/service.ts": 'import { write } from "@/lib/store/transaction";\nimport { insertAnnotation } from "./store";',
      }),
    ).toEqual([]);
  });

  it("fails a service, a route or a component that reaches the database", () => {
    const problems = check({
      "lib/annotations/service.ts": 'import { db } from "@/lib/store/engine";',
      "app/api/x/route.ts": 'import Database from "better-sqlite3";',
      "components/x.tsx": 'const rows = tx.selectFrom("Annotation").selectAll();',
      "lib/summary/service.ts": 'const q = "SELECT id FROM Annotation WHERE x";',
      "lib/documents/service.ts": "await prisma.user.findMany({});",
      "lib/users/service.ts": 'import { PrismaClient } from "@/generated/prisma/client";',
    });
    expect(problems).toHaveLength(6);
  });
});
