// Compaction folds a copy's rows into its snapshot without ever losing an update appended
// meanwhile, and joins (even from a node whose cache predates the compaction) still get it all.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { readCopyDoc } from "../../collab/index.ts";
import { compactCopyDoc, compactDueDocs } from "../../server/grading/doc-compaction.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, storedDoc, tick, userWithSession } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
});
afterAll(async () => {
  await server?.close();
  await tdb?.drop();
});

async function gradedCopy() {
  const secret = server.ctx.config.sessionSecret;
  const exam = await createExamWithScale(tdb.db);
  const copy = await createCopy(tdb.db, exam.id);
  const grader = await userWithSession(tdb, secret, "GRADER");
  await assignCopy(tdb.db, copy.id, grader.id);
  const sync = await openCopy(server.url, grader, copy.id);
  await sync.takeLock();
  return { copyId: copy.id, sync, grader, supervisor: await userWithSession(tdb, secret, "SUPERVISOR") };
}

describe("compaction", () => {
  it("keeps an update whose transaction is still open while compaction runs", async () => {
    const { copyId, sync, grader } = await gradedCopy();
    for (let i = 0; i < 10; i++) {
      tick(sync.doc);
      await sync.whenSaved();
    }
    // an append in flight: row inserted (seq taken) but not committed when compaction reads
    const late = new Y.Doc();
    const lateId = tick(late);
    const client = new pg.Client({ connectionString: tdb.url });
    await client.connect();
    await client.query("BEGIN");
    await client.query(`SELECT 1 FROM "Copy" WHERE id = $1 FOR NO KEY UPDATE`, [copyId]);
    await client.query(`INSERT INTO "CopyDocUpdate" ("copyId", data, "authorId") VALUES ($1, $2, $3)`, [
      copyId,
      Buffer.from(Y.encodeStateAsUpdate(late)),
      grader.id,
    ]);

    const r = await compactCopyDoc(tdb.db, copyId);
    expect(r.merged).toBe(10);
    await client.query("COMMIT");
    await client.end();

    const snapshot = await tdb.db.copyDocSnapshot.findUniqueOrThrow({ where: { copyId } });
    expect(snapshot.upToSeq).toBe(r.upToSeq);
    const rows = await tdb.db.copyDocUpdate.findMany({ where: { copyId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.seq > snapshot.upToSeq).toBe(true);
    const ids = readCopyDoc(await storedDoc(tdb, copyId)).annotations.map((a) => a.id);
    expect(ids).toHaveLength(11);
    expect(ids).toContain(lateId);
    sync.destroy();
  });

  it("serves joins and keeps taking writes across repeated compactions running alongside appends", async () => {
    const { copyId, sync, supervisor } = await gradedCopy();
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 60 && writing; i++) {
        tick(sync.doc);
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    let compactions = 0;
    while (!(await Promise.race([writer.then(() => true), new Promise((r) => setTimeout(() => r(false), 60))]))) {
      compactions += (await compactCopyDoc(tdb.db, copyId)).merged > 0 ? 1 : 0;
    }
    writing = false;
    await sync.whenSaved();
    expect(compactions).toBeGreaterThan(0);
    const stored = readCopyDoc(await storedDoc(tdb, copyId));
    expect(stored).toEqual(readCopyDoc(sync.doc));
    expect(stored.annotations).toHaveLength(60);
    const reader = await openCopy(server.url, supervisor, copyId);
    expect(readCopyDoc(reader.doc)).toEqual(stored);
    reader.destroy();
    sync.destroy();
  });

  it("compactDueDocs folds the copies past the threshold only", async () => {
    // the tests above may leave a few updates past the threshold (a loaded machine writes several between compactions)
    await compactDueDocs(tdb.db, { minUpdates: 1 });
    const busy = await gradedCopy();
    const quiet = await gradedCopy();
    for (let i = 0; i < 6; i++) {
      tick(busy.sync.doc);
      await busy.sync.whenSaved();
    }
    tick(quiet.sync.doc);
    await quiet.sync.whenSaved();
    const r = await compactDueDocs(tdb.db, { minUpdates: 5 });
    expect(r).toEqual({ copies: 1, merged: 6 });
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: busy.copyId } })).toBe(0);
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: quiet.copyId } })).toBe(1);
    expect(readCopyDoc(await storedDoc(tdb, busy.copyId))).toEqual(readCopyDoc(busy.sync.doc));
    busy.sync.destroy();
    quiet.sync.destroy();
  });

  it("the maintenance sweep leaves a copy being written to for its own compaction job, and folds it once idle", async () => {
    await compactDueDocs(tdb.db, { minUpdates: 1 });
    const live = await gradedCopy();
    for (let i = 0; i < 6; i++) {
      tick(live.sync.doc);
      await live.sync.whenSaved();
    }
    expect(await compactDueDocs(tdb.db, { minUpdates: 5, idleSeconds: 120 })).toEqual({ copies: 0, merged: 0 });
    expect(await tdb.db.copyDocUpdate.count({ where: { copyId: live.copyId } })).toBe(6);
    // its grader moved on three minutes ago
    await tdb.db.$executeRaw`UPDATE "CopyDocUpdate" SET "createdAt" = now() - interval '3 minutes' WHERE "copyId" = ${live.copyId}::uuid`;
    expect(await compactDueDocs(tdb.db, { minUpdates: 5, idleSeconds: 120 })).toEqual({ copies: 1, merged: 6 });
    expect(readCopyDoc(await storedDoc(tdb, live.copyId))).toEqual(readCopyDoc(live.sync.doc));
    live.sync.destroy();
  });
});
