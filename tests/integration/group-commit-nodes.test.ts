// The group commit plans a batch against the validators a node kept from its earlier batches
// without reading the rows back; the insert proves no other node stored rows of those copies
// meanwhile. Two DocStores on one database play two nodes writing the same copy.
import crypto from "node:crypto";
import pg from "pg";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addAnnotation, readCopyDoc, remoteOrigin, updateAnnotation } from "../../collab/index.ts";
import { compactionThreshold } from "../../server/grading/compaction-threshold.ts";
import { DocStateCache } from "../../server/grading/doc-state-cache.ts";
import { DocStore } from "../../server/grading/doc-store.ts";
import type { Actor } from "../../server/policy/actor.ts";
import { createUser } from "../helpers/factories.ts";
import { assignCopy, createCopy, createExamWithScale, type TestExam } from "../helpers/grading-factories.ts";
import { storedDoc } from "../helpers/grading-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
let pool: pg.Pool;
let exam: TestExam;
let grader: Actor;
const log = pino({ level: "silent" });

beforeAll(async () => {
  tdb = await createTestDatabase();
  pool = new pg.Pool({ connectionString: tdb.url, max: 4 });
  exam = await createExamWithScale(tdb.db);
  const u = await createUser(tdb.db, "GRADER");
  grader = { id: u.id, role: "GRADER", active: true };
});
afterAll(async () => {
  await pool?.end();
  await tdb?.drop();
});

async function lockedCopy(): Promise<string> {
  const copy = await createCopy(tdb.db, exam.id);
  await assignCopy(tdb.db, copy.id, grader.id);
  await tdb.db.copyLock.create({ data: { copyId: copy.id, holderId: grader.id, sessionId: "s", nodeId: "n", expiresAt: new Date(Date.now() + 600_000) } });
  return copy.id;
}

/** A client's doc: its edits become updates to send. */
function client(): { doc: Y.Doc; next(edit: (doc: Y.Doc) => void): Uint8Array } {
  const doc = new Y.Doc();
  return {
    doc,
    next(edit) {
      const before = Y.encodeStateVector(doc);
      edit(doc);
      return Y.encodeStateAsUpdate(doc, before);
    },
  };
}

const tick = (doc: Y.Doc, id: string = crypto.randomUUID()) =>
  addAnnotation(doc, {
    id,
    page: 0,
    kind: "tick",
    box: { x: 0.1, y: 0.1, w: 0.05, h: 0.05 },
    color: "#1565c0",
    width: 0.004,
    author: grader.id,
    createdAt: Date.now(),
  });

describe("group commit across nodes", () => {
  it("an update that depends on what another node stored since is validated against it, not refused", async () => {
    const copyId = await lockedCopy();
    const nodeA = new DocStore(pool, new DocStateCache(), { log });
    const nodeB = new DocStore(pool, new DocStateCache(), { log });
    const c = client();
    const send = (store: DocStore, update: Uint8Array) => store.append({ copyId, update, actor: grader, origin: remoteOrigin("s") });

    const first = await send(
      nodeA,
      c.next((d) => tick(d, "a1")),
    ); // node A now keeps this copy's validator
    const second = await send(
      nodeB,
      c.next((d) => tick(d, "b1")),
    ); // stored by the other node
    // edits the annotation node B stored: node A's kept validator has never seen it
    const third = await send(
      nodeA,
      c.next((d) => (d.getMap("annotations").get("b1") as Y.Map<unknown>).set("color", "#c62828")),
    );
    expect(third.duplicate).toBe(false);
    expect(third.seq).toBeGreaterThan(second.seq);
    expect(second.seq).toBeGreaterThan(first.seq);
    // a score (its batch also writes the decisions projection) after another stroke of node B
    await send(
      nodeB,
      c.next((d) => tick(d, "b2")),
    );
    const scored = await send(
      nodeA,
      c.next((d) => d.getMap("scores").set(exam.questions[0]!.id, 3)),
    );
    expect(scored.duplicate).toBe(false);
    // and a score over the maximum is still refused on node A, against the current document
    await expect(
      send(
        nodeA,
        c.next((d) => d.getMap("scores").set(exam.questions[0]!.id, 99)),
      ),
    ).rejects.toMatchObject({ code: expect.any(String) });

    const stored = readCopyDoc(await storedDoc(tdb, copyId));
    expect(stored.annotations.map((a) => a.id).sort()).toEqual(["a1", "b1", "b2"]);
    expect(stored.annotations.find((a) => a.id === "b1")!.color).toBe("#c62828");
    expect(stored.scores).toEqual({ [exam.questions[0]!.id]: 3 });
    const projected = await tdb.db.questionDecision.findMany({ where: { copyId } });
    expect(projected.map((r) => [r.questionId, r.score])).toEqual([[exam.questions[0]!.id, 3]]);
    await nodeA.end();
    await nodeB.end();
  });

  it("a commit lane whose connection died prepares its statements again on the next one", async () => {
    const copyId = await lockedCopy();
    const node = new DocStore(pool, new DocStateCache(), { log, lanes: 1 });
    const c = client();
    const send = (update: Uint8Array) => node.append({ copyId, update, actor: grader, origin: remoteOrigin("s") });
    await send(c.next((d) => tick(d, "p1"))); // the lane's statements are prepared on its connection
    // the lane's connection dies (a PostgreSQL restart, a failover, an admin's pg_terminate_backend)
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'COMMIT%'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await pool.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [rows.map((r) => r.pid)]);
    const next = c.next((d) => tick(d, "p2"));
    // on a new connection, its statements prepared anew (if the pool had not yet seen the old one
    // die, the update is refused, never acknowledged, and the client sends it again)
    const stored = await send(next).catch((e: { code?: string }) => {
      expect(e.code).toBe("UNAVAILABLE");
      return send(next);
    });
    expect(stored.duplicate).toBe(false);
    await send(c.next((d) => tick(d, "p3")));
    expect(
      readCopyDoc(await storedDoc(tdb, copyId))
        .annotations.map((a) => a.id)
        .sort(),
    ).toEqual(["p1", "p2", "p3"]);
    await node.end();
  });

  it("a scale change applies to the very next update of a node that kept the copy's validator", async () => {
    const copyId = await lockedCopy();
    const node = new DocStore(pool, new DocStateCache(), { log });
    const c = client();
    const send = (update: Uint8Array) => node.append({ copyId, update, actor: grader, origin: remoteOrigin("s") });
    const q = exam.questions[2]!; // max 10
    await send(c.next((d) => d.getMap("scores").set(q.id, 8)));
    await tdb.db.scaleNode.update({ where: { id: q.id }, data: { maxPoints: 5 } });
    await expect(send(c.next((d) => d.getMap("scores").set(q.id, 7)))).rejects.toMatchObject({ code: expect.stringMatching(/SCHEMA|SCORE|RANGE|MAX/) });
    await tdb.db.scaleNode.update({ where: { id: q.id }, data: { maxPoints: 10 } });
    await node.end();
  });

  it("with several commit lanes, every copy's dependent updates sent at once commit in the order they were sent", async () => {
    const node = new DocStore(pool, new DocStateCache(), { log, lanes: 3 });
    const copies = await Promise.all(Array.from({ length: 12 }, () => lockedCopy()));
    const sends = copies.flatMap((copyId) => {
      const c = client();
      // each update moves the previous one's annotation: refused if it ran before the one it depends on
      return Array.from({ length: 6 }, (_, k) =>
        node.append({
          copyId,
          update: c.next((d) => (k === 0 ? tick(d, `${copyId}-t`) : updateAnnotation(d, `${copyId}-t`, { color: `#00000${k}` }))),
          actor: grader,
          origin: remoteOrigin("s"),
        }),
      );
    });
    const acks = await Promise.all(sends);
    for (const [i, copyId] of copies.entries()) {
      const seqs = acks.slice(i * 6, i * 6 + 6).map((a) => a.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b)); // stored in the order sent
      const stored = readCopyDoc(await storedDoc(tdb, copyId));
      expect(stored.annotations.map((a) => [a.id, a.color])).toEqual([[`${copyId}-t`, "#000005"]]);
    }
    await node.end();
  });

  it("asks for a copy's compaction once its rows reach the copy's own threshold, and again as many rows later", async () => {
    const asked: Array<{ copyId: string; rows: number }> = [];
    let rows = 0;
    const store = new DocStore(pool, new DocStateCache(), { log, compactAfterRows: 8, requestCompaction: (copyId) => asked.push({ copyId, rows }) });
    const copyId = await lockedCopy();
    const c = client();
    const threshold = compactionThreshold(copyId, 8);
    for (; rows < 2 * threshold; ) {
      const update = c.next((d) => tick(d));
      rows++;
      await store.append({ copyId, update, actor: grader, origin: remoteOrigin("s") });
    }
    expect(asked).toEqual([
      { copyId, rows: threshold },
      { copyId, rows: 2 * threshold },
    ]);
    await store.end();
  });
});
