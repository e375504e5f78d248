// schema.prisma and prisma/migrations must describe the same database.
import { inject, expect, it } from "vitest";
import { isEmptyDiff, schemaDiffSql } from "../../scripts/lib/schema-diff.ts";

it("prisma/schema.prisma and prisma/migrations do not drift", async () => {
  const sql = await schemaDiffSql(inject("pgAdminUrl"));
  expect(isEmptyDiff(sql), `schema.prisma has changes no migration holds; run npm run db:migration -- <name>:\n${sql}`).toBe(true);
}, 240_000); // applies every migration to a scratch database and diffs it with prisma: ~12 s quiet, 60 s at load average 20
