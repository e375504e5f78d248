// Joins read access facts and locks in batches (one statement for the asks of a moment): each
// caller still gets its own answer — a grader's dispatched copy, a copy not dispatched to them
// (answered like a missing one), a supervisor's read-only view, an unknown id, each copy's lock.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CopyAccessReader } from "../../server/grading/copy-access-reader.ts";
import { LockService } from "../../server/grading/lock-service.ts";
import type { Actor } from "../../server/policy/actor.ts";
import { createUser } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  tdb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await tdb?.drop();
});

const actorOf = (u: { id: string; role: Actor["role"] }): Actor => ({ id: u.id, role: u.role, active: true });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code ?? "?",
  );

describe("batched join reads", () => {
  it("gives every join of one storm its own access answer and its copy's lock", async () => {
    const exam = await createExamWithScale(tdb.db);
    const [g1, g2, sup] = [
      actorOf(await createUser(tdb.db, "GRADER")),
      actorOf(await createUser(tdb.db, "GRADER")),
      actorOf(await createUser(tdb.db, "SUPERVISOR")),
    ];
    const mine = await createCopy(tdb.db, exam.id);
    const ranged = await createCopy(tdb.db, exam.id);
    const graded = await createCopy(tdb.db, exam.id, { state: "GRADED" });
    await assignCopy(tdb.db, mine.id, g1.id);
    await assignCopy(tdb.db, ranged.id, g2.id, [exam.questions[1]!.id]);
    await assignCopy(tdb.db, graded.id, g1.id);
    await tdb.db.copyLock.create({ data: { copyId: mine.id, holderId: g1.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 600_000) } });
    await tdb.db.copyLock.create({ data: { copyId: ranged.id, holderId: g2.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() - 1_000) } }); // expired: free

    const reader = new CopyAccessReader(pool);
    const [a, b, c, d, e, f, g] = await Promise.all([
      reader.access(g1, mine.id),
      reader.access(g2, ranged.id),
      reader.access(sup, ranged.id),
      reader.access(g1, graded.id),
      codeOf(reader.access(g1, ranged.id)), // not dispatched to g1
      codeOf(reader.access(g1, crypto.randomUUID())), // no such copy
      codeOf(reader.access(g1, "not-a-uuid")),
    ]);
    expect(a).toMatchObject({ copyId: mine.id, examId: exam.id, canWrite: true, questionIds: null });
    expect(b).toMatchObject({ copyId: ranged.id, canWrite: true, questionIds: [exam.questions[1]!.id] });
    expect(c).toMatchObject({ copyId: ranged.id, canWrite: false, questionIds: null });
    expect(d).toMatchObject({ copyId: graded.id, state: "GRADED", canWrite: false });
    expect([e, f, g]).toEqual(["NOT_FOUND", "NOT_FOUND", "NOT_FOUND"]);
    const student = actorOf(await createUser(tdb.db, "STUDENT"));
    expect(await codeOf(reader.access(student, mine.id))).toBe("FORBIDDEN");

    const locks = new LockService(tdb.db, pool, { leaseSec: 30, nodeId: "n" });
    const [lm, lr, lg] = await Promise.all([locks.current(mine.id), locks.current(ranged.id.toUpperCase()), locks.current(graded.id)]);
    expect(lm).toMatchObject({ copyId: mine.id, holder: { id: g1.id } });
    expect(lr).toBeNull(); // expired lease
    expect(lg).toBeNull();
  });
});
