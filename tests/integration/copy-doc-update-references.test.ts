// "CopyDocUpdate" holds no foreign keys (the group commit's insert skips their per-row checks:
// migration hot_append_without_row_checks); what they did when a parent changes is kept by
// triggers: a copy holding updates is not deleted (same error as the key gave), a copy without
// them is, and re-keying a copy takes its updates along. Users are never deleted (the audit log refuses it).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/factories.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  tdb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: tdb.url, max: 1 });
});
afterAll(async () => {
  await pool?.end();
  await tdb?.drop();
});

describe("CopyDocUpdate's references", () => {
  it("refuses to delete a copy that holds updates, as its foreign key did (P2003), and keeps both", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id, { pages: 0 });
    await tdb.db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from([0, 0]) } });
    const err = await tdb.db.copy.delete({ where: { id: copy.id } }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe("P2003");
    expect(await tdb.db.copy.count({ where: { id: copy.id } })).toBe(1);
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(1);
    const raw = await pool.query(`DELETE FROM "Copy" WHERE id = $1`, [copy.id]).catch((e: { code?: string }) => e);
    expect((raw as { code?: string }).code).toBe("23503");
  });

  it("deletes a copy without updates", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id, { state: "STAGING", pages: 0 });
    await tdb.db.copy.delete({ where: { id: copy.id } });
    expect(await tdb.db.copy.count({ where: { id: copy.id } })).toBe(0);
  });

  it("follows a copy whose id changes", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id, { pages: 0 });
    const author = await createUser(tdb.db, "GRADER");
    await tdb.db.copyDocUpdate.create({ data: { copyId: copy.id, authorId: author.id, data: Buffer.from([0, 0]) } });
    const newCopyId = crypto.randomUUID();
    await pool.query(`UPDATE "Copy" SET id = $2 WHERE id = $1`, [copy.id, newCopyId]);
    const rows = await tdb.db.copyDocUpdate.findMany({ where: { copyId: { in: [copy.id, newCopyId] } }, select: { copyId: true, authorId: true } });
    expect(rows).toEqual([{ copyId: newCopyId, authorId: author.id }]);
  });
});
