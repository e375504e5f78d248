// A soak of the local cluster (2 server nodes, 1 worker, nginx, Redis, PostgreSQL): simulated
// graders and supervisors loop for the whole run while server-2 is restarted now and then
// (SIGTERM, as a rolling upgrade); every process is sampled every few seconds. Afterwards every
// acknowledged annotation must be in PostgreSQL and the finalized copies rendered.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb } from "../../../server/db/client.ts";
import { freePort } from "../../../server/db/embedded.ts";
import { withDatabase as dbUrlWith } from "../../../tests/helpers/db-url.ts";
import { startCluster, type ClusterProcess } from "../../lib/cluster.ts";
import { graderLoop, newCounters, supervisorLoop, type AckedLedger, type ActorContext, type Counters } from "./actors.ts";
import { fitWindowMs, summarize, verdict, type ProcessSummary, type Verdict } from "./report.ts";
import { HeapProbe } from "./heap-probe.ts";
import { keepLogs } from "./keep-logs.ts";
import { Sampler, type Watched } from "./sampler.ts";
import { storedAnnotationIds } from "./stored-annotations.ts";
import { createWorld } from "./world.ts";

export interface SoakOptions {
  durationMs: number;
  graders: number;
  supervisors: number;
  editEveryMs: number;
  sampleEveryMs: number;
  /** server-2 is restarted this often (0: never) */
  restartEveryMs: number;
  /** heap snapshots of the steady processes (the steady node, the worker) written to this directory at a third, two thirds and the end of the run */
  heapSnapshotDir?: string;
  /** the compiled server entry to run (the production build), else the sources through tsx */
  serverEntry?: string;
  /** every sampled point of every process written there (JSON) at the end: refit any window later */
  samplesFile?: string;
  log: (m: string) => void;
}

export interface SoakResult extends Verdict {
  minutes: number;
  processes: ProcessSummary[];
  fdsEnd: number;
  pgConnsEnd: number;
  lost: number;
  acked: number;
  counters: Counters;
  restarts: number;
  /** exams graded (a new one every COPIES_PER_EXAM copies) */
  exams: number;
  rendered: number;
  renderFailed: number;
  finalizingLeft: number;
  crashed: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A database of its own on DATABASE_URL's server (dropped afterwards); the embedded one otherwise. */
async function soakDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return { url: undefined, drop: async () => {} };
  const name = `korrigo_soak_${process.pid}`;
  const q = async (sql: string) => {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await q(`CREATE DATABASE ${name}`);
  return { url: dbUrlWith(admin, name), drop: () => q(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-soak-"));
  const database = await soakDatabase();
  const savedUrl = process.env.DATABASE_URL;
  if (database.url) process.env.DATABASE_URL = database.url;
  // every process opens its inspector on a loopback port: the sampler reads the live heap through it
  const inspectorPorts = new Map<string, number>();
  for (const name of ["server-1", "server-2", "worker"]) inspectorPorts.set(name, await freePort());
  const envFor = (name: string): Record<string, string> =>
    inspectorPorts.has(name) ? { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectorPorts.get(name)}` } : {};
  const cluster = await startCluster({
    dataDir,
    nodes: 2,
    seed: false,
    privateRedis: true,
    envFor,
    readyTimeoutMs: 240_000,
    log: o.log,
    ...(o.serverEntry ? { serverEntry: o.serverEntry } : {}),
  })
    .catch(async (e) => {
      await database.drop().catch(() => {});
      // a cluster that did not come up: every process's log tells why (the data directory goes)
      keepLogs(dataDir, ["server-1", "server-2", "worker"], o.log);
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw e;
    })
    .finally(() => {
      if (savedUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = savedUrl;
    });
  const db = createDb(cluster.databaseUrl, { max: 4 });
  const crashed: string[] = [];
  const expected = new WeakSet<object>();
  const started = Date.now();
  const watch = (p: ClusterProcess) =>
    p.proc.once("exit", (code, signal) => {
      if (expected.has(p.proc)) return;
      crashed.push(p.name);
      o.log(`${p.name} exited ${((Date.now() - started) / 1000).toFixed(1)} s into the run (${signal ? `signal ${signal}` : `exit code ${code}`})`);
    });
  const all = [...cluster.nodes, cluster.worker, ...(cluster.redis ? [cluster.redis] : [])];
  all.forEach(watch);
  const watchedAll: Watched[] = [];
  let finished = false;
  try {
    const world = await createWorld(db, dataDir, { graders: o.graders, supervisors: o.supervisors });
    const [steadyNode, restartedNode] = cluster.nodes as [ClusterProcess, ClusterProcess];
    const probe = (name: string) => new HeapProbe(inspectorPorts.get(name)!);
    const watched: Watched[] = watchedAll;
    watched.push(
      ...cluster.nodes.map((n) => ({ label: n.name, pid: () => n.proc.pid, metricsUrl: `http://127.0.0.1:${n.port}/metrics`, heap: probe(n.name) })),
      { label: cluster.worker.name, pid: () => cluster.worker.proc.pid, heap: probe("worker") },
    );
    const sampler = new Sampler(watched, Number(new URL(cluster.databaseUrl).port || 5432), 2);
    const counters = newCounters();
    const acked: AckedLedger = new Map();
    const t0 = Date.now();
    const end = t0 + o.durationMs;
    const ctx: ActorContext = { url: cluster.url, world, counters, acked, running: () => Date.now() < end, editEveryMs: o.editEveryMs };
    o.log(
      `soak: ${o.graders} graders, ${o.supervisors} supervisors for ${(o.durationMs / 60_000).toFixed(1)} min through ${cluster.url}; ${steadyNode.name} and the worker run throughout, ${restartedNode.name} is restarted every ${(o.restartEveryMs / 1000).toFixed(0)} s`,
    );

    const actors = [...world.graders.map((u) => graderLoop(ctx, u)), ...world.supervisors.map((u) => supervisorLoop(ctx, u))];
    const sampling = (async () => {
      let next = Date.now();
      while (Date.now() < end) {
        await sampler.sample();
        const s = sampler.series.get(steadyNode.name)!.at(-1);
        if (s && sampler.series.get(steadyNode.name)!.length % Math.max(1, Math.round(60_000 / o.sampleEveryMs)) === 1) {
          o.log(
            `t=${((Date.now() - t0) / 1000).toFixed(0)}s ${steadyNode.name}: rss=${(s.rss / 2 ** 20).toFixed(0)}MB heap=${((s.heap ?? 0) / 2 ** 20).toFixed(0)}MB live_heap=${((sampler.series.get(steadyNode.name)!.findLast((p) => p.liveHeap !== undefined)?.liveHeap ?? 0) / 2 ** 20).toFixed(1)}MB lag_p99=${(s.lagP99Ms ?? 0).toFixed(0)}ms fds=${s.fds} pg=${s.pgConns} clients=${s.clients ?? "?"} · edits=${counters.edits} finalized=${counters.finalized} sign-ins=${counters.signIns}`,
          );
        }
        next += o.sampleEveryMs;
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
    let restarts = 0;
    const restarting = (async () => {
      if (!o.restartEveryMs) return;
      while (Date.now() + o.restartEveryMs < end) {
        await sleep(o.restartEveryMs * (0.8 + Math.random() * 0.4));
        if (Date.now() >= end - 5000) break;
        o.log(`restarting ${restartedNode.name} (SIGTERM)`);
        expected.add(restartedNode.proc);
        const t = Date.now();
        const probe = watched.find((w) => w.label === restartedNode.name)?.heap;
        await probe?.suspend();
        try {
          // a node drains within 10 s of SIGTERM; past 20 s it is killed (and that is reported)
          const exited = await Promise.race([restartedNode.kill("SIGTERM").then(() => true), sleep(20_000).then(() => false)]);
          if (!exited) {
            o.log(`${restartedNode.name} did not stop within 20 s of SIGTERM: killed`);
            counters.errors.SLOW_STOP = (counters.errors.SLOW_STOP ?? 0) + 1; // its own limit is 10 s; a loaded machine delays it
            await restartedNode.kill("SIGKILL");
          }
          await restartedNode.restart();
          probe?.resume();
          restarts++;
          o.log(`${restartedNode.name} back in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        } catch (e) {
          o.log(`${restartedNode.name} did not come back: ${(e as Error).message}`); // counted as a crash below
          crashed.push(`${restartedNode.name} (restart)`);
        }
        watch(restartedNode);
      }
    })();
    // heap snapshots of the steady processes (the steady node and the worker) while the loop runs
    // (scripts/soak/heap-diff.ts compares them)
    const snapshots = (async () => {
      if (!o.heapSnapshotDir) return;
      fs.mkdirSync(o.heapSnapshotDir, { recursive: true });
      const steady = [steadyNode.name, cluster.worker.name].map((name) => ({ name, heap: watched.find((w) => w.label === name)!.heap! }));
      for (const [i, at] of [1 / 3, 2 / 3, 1].entries()) {
        await sleep(Math.max(0, t0 + at * o.durationMs - 30_000 - Date.now()));
        for (const { name, heap } of steady) {
          const file = path.join(o.heapSnapshotDir, `${name}-${i + 1}-${Math.round((Date.now() - t0) / 1000)}s.heapsnapshot`);
          const t = Date.now();
          await heap.writeSnapshot(file).then(
            () => o.log(`heap snapshot of ${name}: ${file} (${((Date.now() - t) / 1000).toFixed(1)} s)`),
            (e: Error) => o.log(`heap snapshot of ${name} failed: ${e.message}`),
          );
        }
      }
    })();
    // a client stuck past the end (an answer that never came) must not hold the verdict back
    const settled = actors.map((a) =>
      a.then(
        () => true,
        () => true,
      ),
    );
    await Promise.race([Promise.all([...settled, sampling, restarting, snapshots]), sleep(Math.max(0, end + 180_000 - Date.now()))]);
    let stuckActors = 0;
    for (const a of settled) if (!(await Promise.race([a, sleep(0).then(() => false)]))) stuckActors++;
    if (stuckActors) {
      o.log(`${stuckActors} simulated users still waiting 3 minutes after the end: counted in errors as STUCK`);
      counters.errors.STUCK = stuckActors;
    }
    await sampler.sample();
    await Promise.all(watched.map((w) => w.heap?.suspend()));

    // renders still running finish (the worker renders a couple at a time)
    const settle = Date.now() + 120_000;
    let states: Record<string, number> = {};
    do {
      const rows = await db.copy.groupBy({ by: ["state"], where: { examId: { in: world.exams.map((e) => e.id) } }, _count: true });
      states = Object.fromEntries(rows.map((r) => [r.state, r._count]));
      if (!states.FINALIZING) break;
      await sleep(500);
    } while (Date.now() < settle);

    let lost = 0;
    let ackedCount = 0;
    for (const [copyId, ids] of acked) {
      const stored = await storedAnnotationIds(db, copyId);
      ackedCount += ids.size;
      for (const id of ids) if (!stored.has(id)) lost++;
    }
    if (o.samplesFile) fs.writeFileSync(o.samplesFile, JSON.stringify(Object.fromEntries(sampler.series)));
    const windowMs = fitWindowMs(o.sampleEveryMs, o.durationMs);
    const processes = watched
      .map((w) =>
        summarize(
          w.label,
          w.label === restartedNode.name && restarts > 0 ? sampler.current(w.label) : sampler.series.get(w.label)!,
          !(w.label === restartedNode.name && restarts > 0),
          windowMs,
        ),
      )
      .filter((s): s is ProcessSummary => s !== null);
    finished = true;
    return {
      ...verdict(processes),
      minutes: (Date.now() - t0) / 60_000,
      processes,
      fdsEnd: processes.reduce((n, p) => n + p.fdsEnd, 0),
      pgConnsEnd: processes.reduce((n, p) => n + p.pgConnsEnd, 0),
      lost,
      acked: ackedCount,
      counters,
      restarts,
      exams: world.exams.length,
      rendered: states.GRADED ?? 0,
      renderFailed: states.RENDER_FAILED ?? 0,
      finalizingLeft: states.FINALIZING ?? 0,
      crashed,
    };
  } finally {
    await Promise.all(watchedAll.map((w) => w.heap?.suspend()));
    for (const p of all) expected.add(p.proc);
    await db.$disconnect();
    await cluster.stop();
    await database.drop().catch(() => {});
    if (crashed.length || !finished) keepLogs(dataDir, crashed, o.log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
