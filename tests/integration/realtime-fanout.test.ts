// Two nodes on one Redis: what is written through node A reaches the sockets of node B (updates,
// lock changes, dashboards), presence spans both nodes, and the lock is one lock across nodes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RemoteUpdate } from "../../collab/contract/socket/index.ts";
import { decodeRoomBytes } from "../../collab/contract/socket/room-bytes.ts";
import * as Y from "yjs";
import { readCopyDoc } from "../../collab/index.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { openCopy, openSocket, tick, userWithSession, waitFor } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { createTestDatabase, REDIS_URL, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let nodeA: Awaited<ReturnType<typeof startTestServer>>;
let nodeB: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  nodeA = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL } });
  nodeB = await startTestServer({ databaseUrl: tdb.url, env: { REDIS_URL } });
});
afterAll(async () => {
  await nodeA?.close();
  await nodeB?.close();
  await tdb?.drop();
});

describe("cross-node fan-out", () => {
  it("delivers updates, lock changes and progress written on node A to sockets on node B", async () => {
    const secret = nodeA.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, secret, "GRADER");
    const rival = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, copy.id, grader.id);
    await assignCopy(tdb.db, copy.id, rival.id);

    const watcher = await openCopy(nodeB.url, supervisor, copy.id);
    const dashboard = await openSocket(nodeB.url, supervisor);
    await request(dashboard, "exam:watch", { examId: exam.id });
    const progress: any[] = [];
    dashboard.on("exam:progress", (m) => progress.push(m));

    const writer = await openCopy(nodeA.url, grader, copy.id);
    await writer.takeLock();
    await waitFor(() => watcher.lock?.holder.id === grader.id, 5000, "lock broadcast on node B");

    for (let i = 0; i < 5; i++) tick(writer.doc);
    await writer.whenSaved();
    await waitFor(() => readCopyDoc(watcher.doc).annotations.length === 5, 5000, "updates on node B");
    expect(readCopyDoc(watcher.doc)).toEqual(readCopyDoc(writer.doc));
    await waitFor(() => progress.some((p) => p.copies.some((c: any) => c.copyId === copy.id && c.seq === writer.lastSeq)), 5000, "exam:progress");

    const onB = await openSocket(nodeB.url, rival);
    const joinB = await request(onB, "copy:join", { copyId: copy.id });
    // presence spans both nodes (and includes the joiner)
    expect(joinB.presence.map((p: any) => p.userId).sort()).toEqual([grader.id, supervisor.id, rival.id].sort());
    expect(await request(onB, "copy:lock", { copyId: copy.id })).toMatchObject({ ok: false, code: "LOCKED", holder: { id: grader.id } });
    onB.disconnect();
    dashboard.disconnect();
    writer.destroy();
    watcher.destroy();
  });

  it("sends each watcher a committed update as one text frame whose base64 holds the writer's bytes", async () => {
    const secret = nodeA.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, copy.id, grader.id);
    // one watcher on each node: the writer's node and the other one (through Redis)
    const watchers = await Promise.all([nodeA, nodeB].map((n) => openSocket(n.url, supervisor)));
    const frames = watchers.map(() => 0);
    const received: unknown[][] = watchers.map(() => []);
    watchers.forEach((w, i) => {
      // the engine's packets: a text event is one WebSocket frame; a binary one adds an attachment frame
      w.io.engine.on("packet", (p: { type: string; data?: unknown }) => {
        if (p.type === "message" && (typeof p.data !== "string" || p.data.includes('"copy:update"'))) frames[i]!++;
      });
      w.on("copy:update", (m) => received[i]!.push(m));
    });
    for (const w of watchers) expect(await request(w, "copy:join", { copyId: copy.id })).toMatchObject({ ok: true });
    const writer = await openCopy(nodeA.url, grader, copy.id);
    await writer.takeLock();
    frames.fill(0);
    tick(writer.doc);
    await writer.whenSaved();
    await waitFor(() => received.every((r) => r.length === 1), 5000, "the update on both nodes");
    for (const [i, [m]] of received.entries()) {
      const payload = RemoteUpdate.parse(m);
      expect(typeof payload.update).toBe("string");
      const copyOfIt = new Y.Doc();
      Y.applyUpdate(copyOfIt, decodeRoomBytes(payload.update));
      expect(readCopyDoc(copyOfIt).annotations).toEqual(readCopyDoc(writer.doc).annotations);
      expect(frames[i]).toBe(1); // a binary event is two (its header and its attachment)
    }
    writer.destroy();
    for (const w of watchers) w.disconnect();
  });

  it("takes interleaved writes to one copy from two tabs of one grader on two nodes", async () => {
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, nodeA.ctx.config.sessionSecret, "GRADER");
    await assignCopy(tdb.db, copy.id, grader.id);
    const tabA = await openCopy(nodeA.url, grader, copy.id);
    const tabB = await openCopy(nodeB.url, grader, copy.id);
    expect((await tabA.takeLock()).ok).toBe(true);
    expect((await tabB.takeLock()).ok).toBe(true); // the same user reclaims it
    const refused: string[] = [];
    for (const t of [tabA, tabB]) t.on("refused", (a) => refused.push(a.code));
    // each edit extends the text the other tab wrote last: node A must catch up with node B's rows
    let expected = "";
    for (let i = 0; i < 6; i++) {
      const [tab, other] = i % 2 === 0 ? [tabA, tabB] : [tabB, tabA];
      const word = `mot${i} `;
      tab.doc.getText("general").insert(tab.doc.getText("general").length, word);
      expected += word;
      await tab.whenSaved();
      await waitFor(() => other.doc.getText("general").toString() === expected, 5000, "the other tab");
    }
    expect(refused).toEqual([]);
    tabA.destroy();
    tabB.destroy();
  });
});
