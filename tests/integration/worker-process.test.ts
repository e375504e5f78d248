// ROLE=all runs the worker role in a child process: renders and compactions happen there, not on
// the server's event loop; the server's /metrics shows the child's figures; a child killed -9 is
// replaced and the queue goes on.
import fs from "node:fs";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { requestCompactionJob } from "../../server/grading/compact-copy-doc-job.ts";
import { startWorkerChild, type WorkerChild } from "../../server/jobs/worker-child.ts";
import { addChildMetrics } from "../../server/ops/metrics.ts";
import { seedGradableCopy } from "../fixtures/render/seed-copy.ts";
import { tick } from "../helpers/grading-fixture.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTestServer } from "../helpers/test-server.ts";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startTestServer>>;
let child: WorkerChild;

beforeAll(async () => {
  tdb = await createTestDatabase();
  server = await startTestServer({ databaseUrl: tdb.url });
  child = startWorkerChild({
    databaseUrl: tdb.url,
    env: { NODE_ENV: "test", DATA_DIR: server.dataDir, LOG_LEVEL: "silent", PUBLIC_URL: "http://localhost:3000" },
    log: pino({ level: "silent" }),
  });
  addChildMetrics(() => child.metrics());
  await child.ready();
}, 120_000);
afterAll(async () => {
  addChildMetrics(null);
  await child?.stop();
  await server?.close();
  await tdb?.drop();
});

/** The nice value of each thread of a process (field 19 of /proc/PID/task/TID/stat). */
function threadNices(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function finalizeAndWait(): Promise<void> {
  const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
  const c = new TestClient(server.url);
  expect((await c.login(s.grader.username, s.grader.password)).status).toBe(200);
  expect([200, 202]).toContain((await c.post(`/api/copies/${s.copyId}/finalize`)).status);
  await until(
    "copy state",
    async () => (await tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyId } })).state,
    (st) => st === "GRADED",
  );
}

const renders = async () => {
  const text = (await new TestClient(server.url).get("/metrics")).body as string;
  return Number(/^korrigo_render_duration_seconds_count\{outcome="rendered"\} (\d+)/m.exec(text)?.[1] ?? 0);
};

describe("the worker child process of ROLE=all", () => {
  it("renders finalized copies in another process, and the server's /metrics counts them", async () => {
    expect(child.pid).toBeDefined();
    expect(child.pid).not.toBe(process.pid);
    await finalizeAndWait();
    expect(await until("rendered count on /metrics", renders, (n) => n >= 1, 10_000)).toBeGreaterThanOrEqual(1);
  });

  it("yields the CPU to the server: every thread of the worker, its render threads too, runs at nice 10 (WORKER_NICE)", () => {
    const nices = threadNices(child.pid!); // after a render: the render threads exist
    expect(nices.length).toBeGreaterThan(4);
    for (const n of nices) expect(n).toBeGreaterThanOrEqual(10);
    expect(threadNices(process.pid).some((n) => n < 10)).toBe(true); // this (server) process is not touched
  });

  it("runs the compaction a server queues", async () => {
    const s = await seedGradableCopy(tdb.db, server.ctx.config.mediaDir);
    for (let i = 0; i < 5; i++) await s.edit((d: Y.Doc) => void tick(d));
    await requestCompactionJob(server.ctx.pool, s.copyId);
    await until(
      "rows left",
      () => tdb.db.copyDocUpdate.count({ where: { copyId: s.copyId } }),
      (n) => n === 0,
    );
    expect(await tdb.db.copyDocSnapshot.count({ where: { copyId: s.copyId } })).toBe(1);
  });

  it("is replaced after kill -9, and the next render completes", async () => {
    const first = child.pid!;
    process.kill(first, "SIGKILL");
    await until(
      "a new worker process",
      async () => child.pid,
      (pid) => pid !== first,
    );
    await child.ready();
    await finalizeAndWait();
  });
});
