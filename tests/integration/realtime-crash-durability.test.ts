// Kill -9 of a node with updates in flight: every update a client saw acknowledged is in
// PostgreSQL, and after the clients reconnect to the other node everyone converges, with
// nothing lost and nothing doubled.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCopyDoc } from "../../collab/index.ts";
import { createUser } from "../helpers/factories.ts";
import type { CopySync } from "../helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale, sessionCookie } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, storedDoc, tick, waitFor } from "../helpers/grading-fixture.ts";
import { NODE_SESSION_SECRET, startNode, type ServerNode } from "../helpers/grading-nodes.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "../helpers/test-db.ts";

const WRITERS = 4;
let tdb: TestDatabase;
let nodeA: ServerNode;
let nodeB: ServerNode;

beforeAll(async () => {
  tdb = await createTestDatabase();
  [nodeA, nodeB] = await Promise.all([startNode({ databaseUrl: tdb.url, redisUrl: REDIS_URL }), startNode({ databaseUrl: tdb.url, redisUrl: REDIS_URL })]);
});
afterAll(async () => {
  await Promise.all([nodeA?.kill(), nodeB?.kill()]);
  await tdb?.drop();
});

interface Writer {
  sync: CopySync;
  cookie: string;
  copyId: string;
  created: string[];
  /** annotations acknowledged before the connection to node A died */
  ackedBeforeCrash: string[] | null;
}

describe("kill -9 of a node", () => {
  it("loses no acknowledged update, and clients converge after reconnecting to the other node", async () => {
    const exam = await createExamWithScale(tdb.db);
    const supervisor = await createUser(tdb.db, "SUPERVISOR");
    const supervisorCookie = await sessionCookie(tdb.db, supervisor.id, NODE_SESSION_SECRET);
    const writers: Writer[] = [];
    const watchers: CopySync[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const grader = await createUser(tdb.db, "GRADER");
      const copy = await createCopy(tdb.db, exam.id);
      await assignCopy(tdb.db, copy.id, grader.id);
      const cookie = await sessionCookie(tdb.db, grader.id, NODE_SESSION_SECRET);
      const sync = await openCopy(nodeA.url, { cookie, id: grader.id }, copy.id);
      expect((await sync.takeLock()).ok).toBe(true);
      writers.push({ sync, cookie, copyId: copy.id, created: [], ackedBeforeCrash: null });
      watchers.push(await openCopy(nodeB.url, { cookie: supervisorCookie }, copy.id));
    }

    let writing = true;
    const loops = writers.map(async (w) => {
      while (writing) {
        w.created.push(tick(w.sync.doc));
        await new Promise((r) => setTimeout(r, 10));
      }
    });
    // the kill comes once every writer has had updates acknowledged (not after a fixed time: a loaded machine may ack none in 700 ms)
    const acked = (w: Writer) => w.created.length - w.sync.pendingCount;
    await waitFor(() => writers.every((w) => acked(w) >= 3), 30_000, "acknowledged updates before the kill");
    const crashed = writers.map(
      (w) =>
        new Promise<void>((resolve) =>
          w.sync.socket!.once("disconnect", () => {
            // pending edits are always the newest ones: everything before them was acked
            w.ackedBeforeCrash = w.created.slice(0, w.created.length - w.sync.pendingCount);
            resolve();
          }),
        ),
    );
    await nodeA.kill("SIGKILL");
    await Promise.all(crashed);

    for (const w of writers) {
      const stored = readCopyDoc(await storedDoc(tdb, w.copyId)).annotations.map((a) => a.id);
      expect(w.ackedBeforeCrash!.length).toBeGreaterThan(0);
      expect(stored).toEqual(expect.arrayContaining(w.ackedBeforeCrash!));
    }

    // failover: the same clients re-join on node B with their state vectors and resend
    const atFailover = writers.map((w) => w.created.length);
    for (const w of writers) w.sync.attach(await openSocket(nodeB.url, { cookie: w.cookie }));
    // writing goes on over node B until each writer has had more updates acknowledged there
    await waitFor(() => writers.every((w, i) => acked(w) >= atFailover[i]! + 3), 30_000, "acknowledged updates on node B");
    writing = false;
    await Promise.all(loops);
    await Promise.all(writers.map((w) => w.sync.whenSaved()));

    for (const [i, w] of writers.entries()) {
      const stored = readCopyDoc(await storedDoc(tdb, w.copyId));
      const ids = stored.annotations.map((a) => a.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual([...w.created].sort());
      expect(readCopyDoc(w.sync.doc)).toEqual(stored);
      await waitFor(() => readCopyDoc(watchers[i]!.doc).annotations.length === w.created.length, 10_000, "watcher convergence");
      expect(readCopyDoc(watchers[i]!.doc)).toEqual(stored);
    }
    for (const s of [...writers.map((w) => w.sync), ...watchers]) s.destroy();
  }, 150_000);
});
