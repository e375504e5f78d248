// Real traffic moves every metric an operator watches: sockets and rooms, committed and refused
// updates with their commit time, lock takeovers, the validated documents a node keeps, render
// duration and queue age.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type RunningWorker } from "../../server/jobs/worker.ts";
import { seedGradableCopy } from "../fixtures/render/seed-copy.ts";
import { assignCopy, createCopy, createExamWithScale } from "../helpers/grading-factories.ts";
import { CopySync } from "../helpers/grading-client.ts";
import { openSocket, tick, userWithSession } from "../helpers/grading-fixture.ts";
import { request } from "../helpers/grading-session.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let worker: RunningWorker;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  worker = await startWorker(server.ctx, { concurrency: 1 });
});
afterAll(async () => {
  await worker?.stop();
  await server?.close();
  await tdb?.drop();
});

/** The value of one series on /metrics (0 when absent). */
async function metric(series: string): Promise<number> {
  const text = (await new TestClient(server.url).get("/metrics")).body as string;
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function eventually(series: string, check: (v: number) => boolean, timeoutMs = 30_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await metric(series);
    if (check(v)) return v;
    if (Date.now() > until) throw new Error(`${series} stayed at ${v}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("metrics under real traffic", () => {
  it("count sockets, copy rooms, committed and refused updates with their commit time, takeovers", async () => {
    const secret = server.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const copy = await createCopy(tdb.db, exam.id);
    const grader = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, copy.id, grader.id);
    const before = {
      sockets: await metric("korrigo_sockets_connected"),
      committed: await metric("korrigo_updates_committed_total"),
      commits: await metric("korrigo_update_commit_duration_seconds_count"),
      notJoined: await metric('korrigo_updates_rejected_total{code="NOT_JOINED"}'),
      notHolder: await metric('korrigo_updates_rejected_total{code="NOT_LOCK_HOLDER"}'),
      takeovers: await metric("korrigo_lock_takeovers_total"),
    };

    const socket = await openSocket(server.url, grader);
    const sync = new CopySync({ copyId: copy.id });
    const joined = new Promise<void>((resolve) => sync.on("joined", () => resolve()));
    sync.attach(socket);
    await joined;
    expect(await metric("korrigo_sockets_connected")).toBe(before.sockets + 1);
    expect(await metric("korrigo_socket_rooms")).toBeGreaterThanOrEqual(1);
    await sync.takeLock();
    for (let i = 0; i < 3; i++) {
      tick(sync.doc, grader.id);
      await sync.whenSaved();
    }
    expect(await metric("korrigo_updates_committed_total")).toBe(before.committed + 3);
    expect(await metric("korrigo_update_commit_duration_seconds_count")).toBe(before.commits + 3);
    expect(await metric("korrigo_update_commit_duration_seconds_sum")).toBeGreaterThan(0);

    const stranger = await openSocket(server.url, supervisor);
    expect(await request(stranger, "copy:update", { copyId: copy.id, update: new Uint8Array([0, 0]) })).toMatchObject({ ok: false, code: "NOT_JOINED" });
    expect(await metric('korrigo_updates_rejected_total{code="NOT_JOINED"}')).toBe(before.notJoined + 1);

    expect(await request(stranger, "copy:join", { copyId: copy.id })).toMatchObject({ ok: true });
    expect(await request(stranger, "copy:takeover", { copyId: copy.id })).toMatchObject({ ok: true });
    expect(await metric("korrigo_lock_takeovers_total")).toBe(before.takeovers + 1);
    tick(sync.doc, grader.id); // the grader lost the lock: refused, kept pending
    await eventually('korrigo_updates_rejected_total{code="NOT_LOCK_HOLDER"}', (v) => v > before.notHolder);

    sync.destroy();
    socket.disconnect();
    stranger.disconnect();
    await eventually("korrigo_sockets_connected", (v) => v === before.sockets);
    await eventually("korrigo_socket_rooms", (v) => v === 0);
  });

  it("keep a copy's validated document while the copy is open on the node, and drop it when its last socket there leaves", async () => {
    const secret = server.ctx.config.sessionSecret;
    const exam = await createExamWithScale(tdb.db);
    const [a, b] = [await createCopy(tdb.db, exam.id), await createCopy(tdb.db, exam.id)];
    const grader = await userWithSession(tdb, secret, "GRADER");
    const supervisor = await userWithSession(tdb, secret, "SUPERVISOR");
    await assignCopy(tdb.db, a.id, grader.id);
    await assignCopy(tdb.db, b.id, grader.id);
    const before = await metric("korrigo_validated_documents");
    const write = async (copyId: string) => {
      const socket = await openSocket(server.url, grader);
      const sync = new CopySync({ copyId });
      const joined = new Promise<void>((resolve) => sync.on("joined", () => resolve()));
      sync.attach(socket);
      await joined;
      expect((await sync.takeLock()).ok).toBe(true);
      tick(sync.doc, grader.id);
      await sync.whenSaved();
      sync.destroy();
      return socket;
    };

    // copy A: written, then watched by a supervisor while the grader closes it
    const graderA = await write(a.id);
    expect(await metric("korrigo_validated_documents")).toBe(before + 1);
    const watcher = await openSocket(server.url, supervisor);
    expect(await request(watcher, "copy:join", { copyId: a.id })).toMatchObject({ ok: true });
    expect(await request(graderA, "copy:leave", { copyId: a.id })).toMatchObject({ ok: true });
    expect(await metric("korrigo_validated_documents")).toBe(before + 1); // still open here: a stroke to come is validated at once
    expect(await request(watcher, "copy:leave", { copyId: a.id })).toMatchObject({ ok: true });
    expect(await metric("korrigo_validated_documents")).toBe(before); // nobody here has it open: not kept for its idle delay

    // copy B: the grader's connection drops
    const graderB = await write(b.id);
    expect(await metric("korrigo_validated_documents")).toBe(before + 1);
    graderB.disconnect();
    await eventually("korrigo_validated_documents", (v) => v === before);

    // written again later: validated against the stored rows, and every stroke kept
    const again = await write(b.id);
    const stored = await tdb.db.copyDocUpdate.count({ where: { copyId: b.id } });
    expect(stored).toBe(2);
    for (const s of [graderA, again, watcher]) s.disconnect();
  });

  it("time each render and how long its job waited in the queue", async () => {
    const renders = await metric('korrigo_render_duration_seconds_count{outcome="rendered"}');
    const waits = await metric("korrigo_render_queue_age_seconds_count");
    const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
    const c = new TestClient(server.url);
    expect((await c.login(s.grader.username, s.grader.password)).status).toBe(200);
    expect([200, 202]).toContain((await c.post(`/api/copies/${s.copyId}/finalize`)).status);
    await eventually('korrigo_render_duration_seconds_count{outcome="rendered"}', (v) => v === renders + 1, 60_000);
    expect(await metric("korrigo_render_queue_age_seconds_count")).toBe(waits + 1);
    expect(await metric('korrigo_render_duration_seconds_sum{outcome="rendered"}')).toBeGreaterThan(0);
    expect((await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state).toBe("GRADED");
  });
});
