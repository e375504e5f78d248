// LockService.acquire in one round trip (BEGIN, the Copy row's lock, claim check + upsert, COMMIT
// as one simple query): the same answers as before — free, the same user again, another user's
// lock, another user's question claim, an expired lease — and values that would break the quoting
// are stored as they are or refused before any SQL.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LockService } from "../../server/grading/lock-service.ts";
import { createUser } from "../helpers/factories.ts";
import { createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let pool: pg.Pool;
let locks: LockService;
beforeAll(async () => {
  tdb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: tdb.url, max: 4 });
  locks = new LockService(tdb.db, pool, { leaseSec: 30, nodeId: "node-a" });
});
afterAll(async () => {
  await pool?.end();
  await tdb?.drop();
});

describe("LockService.acquire", () => {
  it("takes a free copy, keeps it for the same user, refuses another user and a copy another user claims a question of", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const a = await createUser(tdb.db, "GRADER");
    const b = await createUser(tdb.db, "GRADER");
    const first = await locks.acquire(copy.id, { userId: a.id, sessionId: "s-a" });
    expect(first).toMatchObject({ ok: true, lock: { copyId: copy.id, examId: exam.id, holder: { id: a.id, displayName: a.displayName } } });
    const again = await locks.acquire(copy.id, { userId: a.id, sessionId: "s-a2" }); // another tab: the same lock, same start
    expect(again).toMatchObject({ ok: true, lock: { holder: { id: a.id } } });
    expect(again.ok && first.ok && again.lock.acquiredAt).toBe(first.ok && first.lock.acquiredAt);
    expect(await locks.acquire(copy.id, { userId: b.id, sessionId: "s-b" })).toMatchObject({ ok: false, holder: { holder: { id: a.id } } });

    const claimed = await createCopy(tdb.db, exam.id);
    await tdb.db.questionClaim.create({
      data: {
        copyId: claimed.id,
        questionId: exam.questions[0]!.id,
        examId: exam.id,
        holderId: b.id,
        nodeId: "node-b",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await locks.acquire(claimed.id, { userId: a.id, sessionId: "s-a" })).toMatchObject({
      ok: false,
      holder: { copyId: claimed.id, holder: { id: b.id } },
    });
    expect(await tdb.db.copyLock.count({ where: { copyId: claimed.id } })).toBe(0);
    // the claimer's own claim does not keep the claimer out
    expect(await locks.acquire(claimed.id, { userId: b.id, sessionId: "s-b" })).toMatchObject({ ok: true, lock: { holder: { id: b.id } } });
  });

  it("takes over an expired lease of another user; 20 racers on a free copy leave one winner", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const a = await createUser(tdb.db, "GRADER");
    const b = await createUser(tdb.db, "GRADER");
    await tdb.db.copyLock.create({ data: { copyId: copy.id, holderId: a.id, sessionId: "old", nodeId: "gone", expiresAt: new Date(Date.now() - 1_000) } });
    expect(await locks.acquire(copy.id, { userId: b.id, sessionId: "s-b" })).toMatchObject({ ok: true, lock: { holder: { id: b.id } } });

    const free = await createCopy(tdb.db, exam.id);
    const racers = await Promise.all(Array.from({ length: 20 }, () => createUser(tdb.db, "GRADER")));
    const results = await Promise.all(racers.map((u) => locks.acquire(free.id, { userId: u.id, sessionId: `s-${u.id}` })));
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const holder = winners[0]!.ok ? winners[0]!.lock.holder.id : "";
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.holder.holder.id === holder)).toBe(true);
  });

  it("stores a session id with quotes as it is, and refuses ids that are not UUIDs before any SQL", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const a = await createUser(tdb.db, "GRADER");
    const sessionId = `x'); DROP TABLE "CopyLock"; --\\'`;
    expect(await locks.acquire(copy.id, { userId: a.id, sessionId })).toMatchObject({ ok: true });
    expect((await tdb.db.copyLock.findUniqueOrThrow({ where: { copyId: copy.id } })).sessionId).toBe(sessionId);
    await expect(locks.acquire(`${copy.id}'::uuid; --`, { userId: a.id, sessionId: "s" })).rejects.toThrow(/not a uuid/);
    await expect(locks.acquire(copy.id, { userId: "1 OR 1=1", sessionId: "s" })).rejects.toThrow(/not a uuid/);
    await expect(locks.acquire(crypto.randomUUID(), { userId: a.id, sessionId: "s" })).rejects.toThrow(); // no such copy: the foreign key
    expect(await tdb.db.copyLock.count()).toBeGreaterThan(0);
  });
});
