// A node warms its commit lanes before it listens (DocStore.warmUp, server/start.ts): each lane's
// connection is open with both statements prepared, so a restarted node's first strokes no longer
// wait for a connection, its authentication and two plans (bench:realtime's first second: p99 ack
// 92–137 ms before, 16–24 ms after). The warm-up itself locks and stores nothing.
import crypto from "node:crypto";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAnnotation, remoteOrigin } from "../../collab/index.ts";
import { DocStateCache } from "../../server/grading/doc-state-cache.ts";
import { DocStore } from "../../server/grading/doc-store.ts";
import { createUser } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let pool: pg.Pool;
const log = pino({ level: "silent" });

beforeAll(async () => {
  tdb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: tdb.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await tdb?.drop();
});

/** The backends of this database that ran the lanes' insert statement last (pg_stat_activity). */
async function warmedLanes(): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'WITH checked AS%'`,
  );
  return rows[0]!.n;
}

describe("commit lanes warmed up before a node listens", () => {
  it("opens each lane's connection with its statements prepared, stores and locks nothing, and the first update then commits", async () => {
    const exam = await createExamWithScale(tdb.db);
    const u = await createUser(tdb.db, "GRADER");
    const copy = await createCopy(tdb.db, exam.id);
    await assignCopy(tdb.db, copy.id, u.id);
    await tdb.db.copyLock.create({ data: { copyId: copy.id, holderId: u.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 600_000) } });
    const store = new DocStore(pool, new DocStateCache(), { log, lanes: 3 });
    try {
      expect(await warmedLanes()).toBe(0);
      await store.warmUp();
      expect(await warmedLanes()).toBe(3);
      expect(await tdb.db.copyDocUpdate.count()).toBe(0);
      const locks = await pool.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.query LIKE 'WITH checked AS%' AND l.locktype = 'tuple'`,
      );
      expect(locks.rows[0].n).toBe(0);

      const doc = new Y.Doc();
      addAnnotation(doc, {
        id: crypto.randomUUID(),
        page: 0,
        kind: "tick",
        box: { x: 0.1, y: 0.1, w: 0.05, h: 0.05 },
        color: "#1565c0",
        width: 0.004,
        author: u.id,
        createdAt: Date.now(),
      });
      const r = await store.append({
        copyId: copy.id,
        update: Y.encodeStateAsUpdate(doc),
        actor: { id: u.id, role: "GRADER", active: true },
        origin: remoteOrigin("s1"),
      });
      expect(r.duplicate).toBe(false);
      expect(await tdb.db.copyDocUpdate.count({ where: { copyId: copy.id } })).toBe(1);
    } finally {
      await store.end();
    }
  });
});
