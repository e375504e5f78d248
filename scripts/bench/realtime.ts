// npm run bench:realtime [-- --quick] [-- --graders=200] [-- --watchers=50]
// Simulated graders over 2 server nodes (child processes), each on its own copy, adding an
// annotation every 2 s; watchers follow some copies. Phases, for Korrigo (Socket.IO + Redis
// adapter, ack after COMMIT) and for the peer, Hocuspocus 3 + extension-database (default
// debounce 2 s / max 10 s) storing into the same PostgreSQL:
//   steady     — the workload above: ack latency, fan-out latency, CPU and memory per node;
//   saturation — every grader sends its next edit as soon as the previous one is acked: updates/s;
//                both systems up, each saturating in turn (ABBA: Korrigo, peer, peer, Korrigo), so a
//                drift of the shared machine weighs on both alike (saturationRounds);
//   kill       — graders editing every 0.5, 1, 2 and 5 s (a quarter each), then kill -9 of node 0:
//                updates a client saw acknowledged that the database does not hold, by interval
//                (Hocuspocus' losses depend on its 2 s debounce: a 5 s editor gives it time to store).
// Fan-out is timed from the writer's edit (so Korrigo's includes the commit) to the watcher.
// Both systems' watchers sit on the other node than the writer (cross-node fan-out through Redis):
// Korrigo's nodes through the Socket.IO Redis adapter, Hocuspocus's through its own Redis extension,
// as a two-node Hocuspocus is deployed (and which also takes a Redis lock before each store).
// The load generator shares the 2 cores with both nodes, PostgreSQL and Redis: latencies are an
// upper bound; the nodes' CPU time per update at saturation is less inflated by it than latency.
// Last line: RESULT p99_ack_ms=… fanout_p99_ms=… updates_per_s=… lost=… peer_ratio=… cpu_ms_per_update=… peer_cpu_ms_per_update=…
//   machine_cpu_ms_per_update=… peer_machine_cpu_ms_per_update=… pg_cpu_ms_per_update=… peer_pg_cpu_ms_per_update=… peer_lost=… peer_lost_by_interval=…
// (cpu_ms: the nodes' CPU per update acked at saturation; machine_cpu_ms: every core's, the load generator, PostgreSQL
// and Redis included — the cost that sets the throughput of a shared machine; pg_cpu_ms: PostgreSQL's processes')
// --ack-timeline prints the steady phase's acks per second of edits (p50/p99/max: a cold start shows in its first seconds);
// --only-korrigo skips the peer; --cpu-prof=DIR writes the Korrigo nodes' CPU profiles (node 1's)
// Korrigo's nodes run with the production image's Node options (docker/Dockerfile's CMD, e.g. V8's
// optimization budget), as deployed; --node-defaults runs them with Node's defaults instead. The
// peer runs as its users run it: plain node.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import signature from "cookie-signature";
import pg from "pg";
import pino from "pino";
import WebSocket from "ws";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId, readAnnotations } from "../../collab/index.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { freePort } from "../../server/db/embedded.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { logConnectionErrors } from "../../server/db/pg-connection-errors.ts";
import { CopySync } from "../../tests/helpers/grading-client.ts";
import { createExamWithScale } from "../../tests/helpers/grading-factories.ts";
import { NODE_SESSION_SECRET, startNode, type ServerNode } from "../../tests/helpers/grading-nodes.ts";
import { connectGrading } from "../../tests/helpers/grading-session.ts";
import { benchNodeFlags } from "../lib/image-runtime.ts";
import { benchDatabase } from "./lib/bench-database.ts";

const SELF = fileURLToPath(import.meta.url);
const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const quick = process.argv.includes("--quick");
const GRADERS = arg("graders", 200);
const WATCHERS = Math.min(GRADERS, arg("watchers", quick ? 40 : 50));
const EDIT_EVERY_MS = 2_000;
const STEADY_MS = quick ? 8_000 : 60_000;
/** each system saturates twice, in rounds of this length (ABBA, saturationRounds) */
const ROUND_MS = quick ? 2_500 : 12_000;
/** after each round: the system's late work lands before the other's round */
const ROUND_PAUSE_MS = quick ? 2_000 : 3_000;
const BEFORE_KILL_MS = quick ? 6_000 : 15_000; // several edits even at the 5 s interval
/** --cpu-prof=DIR: the Korrigo nodes write V8 CPU profiles there (node 1's, on its SIGTERM; node 0 is killed -9) */
const CPU_PROF_DIR = process.argv.find((a) => a.startsWith("--cpu-prof="))?.split("=")[1];
/** --only-korrigo: skip the peer (profiling, quick iterations); no ratio is printed */
const ONLY_KORRIGO = process.argv.includes("--only-korrigo");
/** Korrigo's nodes: the image's Node options (as deployed), or Node's defaults with --node-defaults */
const NODE_FLAGS = benchNodeFlags();
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);

// ---------------------------------------------------------------- peer node (child process)
if (process.argv.includes("--peer-node")) {
  const [port, dbUrl, redisUrl, prefix] = process.argv.slice(process.argv.indexOf("--peer-node") + 1);
  const { Server } = await import("@hocuspocus/server");
  const { Database } = await import("@hocuspocus/extension-database");
  const { Redis } = await import("@hocuspocus/extension-redis");
  const redis = new URL(redisUrl!);
  const pool = logConnectionErrors(new pg.Pool({ connectionString: dbUrl, max: 5 }), pino({ level: "warn" }), "hocuspocus node");
  const server = new Server({
    port: Number(port),
    address: "127.0.0.1",
    quiet: true,
    extensions: [
      // the nodes of one run share a prefix of their own (the machine's Redis serves other runs)
      new Redis({
        host: redis.hostname,
        port: Number(redis.port || 6379),
        // the same Redis as Korrigo's nodes, credentials and database included
        options: {
          username: decodeURIComponent(redis.username) || undefined,
          password: decodeURIComponent(redis.password) || undefined,
          db: Number(redis.pathname.slice(1)) || 0,
        },
        prefix,
      }),
      new Database({
        fetch: async ({ documentName }) => (await pool.query(`SELECT data FROM hocuspocus_documents WHERE name = $1`, [documentName])).rows[0]?.data ?? null,
        store: async ({ documentName, state }) => {
          await pool.query(`INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data`, [
            documentName,
            state,
          ]);
        },
      }),
    ],
  });
  await server.listen();
  await new Promise(() => {}); // serve until killed
}

// ---------------------------------------------------------------- measurements shared by both systems
interface Node {
  readonly url: string;
  readonly pid: number;
  kill(): Promise<void>;
}

/** One grader's client, whatever the system. */
interface Writer {
  readonly copyId: string;
  /** the annotation's author: the writer's user id (the server refuses any other) */
  readonly author: string;
  readonly node: number;
  readonly doc: Y.Doc;
  /** ids in creation order, and when each was created / acked (performance.now) */
  readonly created: string[];
  readonly createdAt: Map<string, number>;
  readonly ackedAt: Map<string, number>;
  /** resolves when every edit so far is acked */
  settled(): Promise<void>;
  close(): void;
}

interface Watcher {
  readonly copyId: string;
  readonly seenAt: Map<string, number>;
  close(): void;
}

interface System {
  readonly name: string;
  readonly nodes: Node[];
  readonly writers: Writer[];
  readonly watchers: Watcher[];
  /** annotation ids the database holds for a copy */
  stored(copyId: string): Promise<Set<string>>;
  stop(): Promise<void>;
}

function edit(w: Writer): void {
  const id = newAnnotationId();
  w.created.push(id);
  w.createdAt.set(id, performance.now());
  addAnnotation(w.doc, {
    id,
    page: 0,
    kind: "tick",
    box: { x: Math.random() * 0.9, y: Math.random() * 0.9, w: 0.05, h: 0.05 },
    color: "#1565c0",
    width: 0.004,
    author: w.author,
    createdAt: Date.now(),
  });
}

/** The first `count` edits are acknowledged (acks come in creation order). */
function ackUpTo(w: Writer, count: number): void {
  const now = performance.now();
  for (let i = w.ackedAt.size; i < Math.min(count, w.created.length); i++) w.ackedAt.set(w.created[i]!, now);
}

function watchAnnotations(doc: Y.Doc, seenAt: Map<string, number>): void {
  doc.getMap("annotations").observe((ev) => {
    const now = performance.now();
    for (const key of ev.keysChanged) if (!seenAt.has(key)) seenAt.set(key, now);
  });
}

function cpuTicks(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
}
function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
}

async function steady(sys: System, ms: number): Promise<{ ack: number[]; fanout: number[]; cpu: number[]; rss: number[]; clientCpu: number }> {
  const t0 = performance.now();
  const client0 = process.cpuUsage();
  const ticks = sys.nodes.map((n) => cpuTicks(n.pid));
  const rss: number[][] = sys.nodes.map(() => []);
  const sampler = setInterval(() => sys.nodes.forEach((n, i) => rss[i]!.push(rssMb(n.pid))), 1000);
  const started = sys.writers.map((w) => w.created.length);
  await Promise.all(
    sys.writers.map(async (w, i) => {
      await sleep((i / sys.writers.length) * EDIT_EVERY_MS);
      while (performance.now() - t0 < ms) {
        edit(w);
        await sleep(EDIT_EVERY_MS);
      }
    }),
  );
  await sleep(1000); // the last acks and broadcasts
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = sys.nodes.map((n, i) => ((cpuTicks(n.pid) - ticks[i]!) / 100 / seconds) * 100);
  const used = process.cpuUsage(client0);
  const clientCpu = ((used.user + used.system) / 1e6 / seconds) * 100;
  const ack: number[] = [];
  const fanout: number[] = [];
  const watched = new Map(sys.watchers.map((v) => [v.copyId, v]));
  sys.writers.forEach((w, i) => {
    for (const id of w.created.slice(started[i])) {
      const acked = w.ackedAt.get(id);
      if (acked === undefined) continue;
      ack.push(acked - w.createdAt.get(id)!);
      const seen = watched.get(w.copyId)?.seenAt.get(id);
      if (seen !== undefined) fanout.push(Math.max(0, seen - w.createdAt.get(id)!)); // from the writer's edit: the commit included
    }
  });
  if (process.argv.includes("--ack-timeline")) {
    const buckets = new Map<number, number[]>();
    sys.writers.forEach((w, i) => {
      for (const id of w.created.slice(started[i])) {
        const acked = w.ackedAt.get(id);
        if (acked === undefined) continue;
        const sec = Math.floor((w.createdAt.get(id)! - t0) / 1000);
        const bucket = buckets.get(sec) ?? [];
        bucket.push(acked - w.createdAt.get(id)!);
        buckets.set(sec, bucket);
      }
    });
    for (const [sec, xs] of [...buckets].sort((a, b) => a[0] - b[0])) {
      xs.sort((a, b) => a - b);
      console.log(
        `  ${sys.name} second ${sec}: n=${xs.length} p50=${xs[Math.floor(xs.length / 2)]!.toFixed(1)} p99=${xs[Math.floor(xs.length * 0.99)]!.toFixed(1)} max=${xs[xs.length - 1]!.toFixed(1)}`,
      );
    }
  }
  return { ack, fanout, cpu, rss: rss.map((r) => Math.max(...r)), clientCpu };
}

/** One system's share of the saturation rounds. */
interface Saturation {
  updatesPerS: number;
  cpuMsPerUpdate: number;
  /** the whole machine's CPU per update (nodes, PostgreSQL, Redis, the load generator) */
  machineCpuMsPerUpdate: number;
  /** PostgreSQL's CPU per update (the durable commit before each ack; Hocuspocus's debounced stores) */
  pgCpuMsPerUpdate: number;
  /** the other system's nodes, idle but connected, while this one saturated (% of a core, summed) */
  idleOtherCpuPct: number;
}

const nodeTicks = (sys: System) => sys.nodes.reduce((s, n) => s + cpuTicks(n.pid), 0);

/** The whole machine's busy CPU (every core, clock ticks): what a saturated round costs, the load generator included. */
function machineBusyTicks(): number {
  const [, ...f] = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = f.map(Number);
  return user! + nice! + system! + irq! + softirq! + steal!; // idle and iowait left out
}

/** Every PostgreSQL process's CPU so far (clock ticks, by pid): the backends, the WAL writer, the checkpointer… */
function postgresTicks(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(" (postgres) ")) out.set(Number(pid), cpuTicks(Number(pid)));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

/** PostgreSQL's CPU between two readings: each process's own share (one that started meanwhile counts whole; one that ended is missed). */
function postgresTicksSince(before: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ticks] of postgresTicks()) sum += ticks - (before.get(pid) ?? 0);
  return sum;
}

const ackedCount = (sys: System) => sys.writers.reduce((s, w) => s + w.ackedAt.size, 0);

/**
 * Updates acknowledged per second, and the nodes' CPU time per acknowledged update (a figure the
 * shared machine's load inflates less than latency: time spent waiting for a core is not counted).
 * Both systems are up; each saturates in turn, in ABBA order (Korrigo, peer, peer, Korrigo), so a
 * drift of the shared machine over the minute (another tenant, the CPU's clock) weighs on both
 * alike instead of on whichever ran second; one system alone runs twice. A round lasts longer than
 * Hocuspocus's 10 s maximum debounce, so its stores happen inside its rounds as under a steady
 * load; the pause after a round lets its late work (Hocuspocus stores 2 s after the last change)
 * land before the other's round, and that work's CPU is charged to the system that made it.
 */
async function saturationRounds(systems: System[], roundMs: number): Promise<Map<System, Saturation>> {
  const order = systems.length === 1 ? [0, 0] : [0, 1, 1, 0];
  // seconds: the rounds' own (updates/s); elapsedS: with their pauses (the idle system's CPU over the same span)
  const sums = new Map(systems.map((s) => [s, { updates: 0, seconds: 0, elapsedS: 0, ticks: 0, idleTicks: 0, machineTicks: 0, pgTicks: 0 }]));
  for (const [k, i] of order.entries()) {
    const sys = systems[i]!;
    const others = systems.filter((s) => s !== sys);
    const ticks0 = nodeTicks(sys);
    const idle0 = others.reduce((s, o) => s + nodeTicks(o), 0);
    const machine0 = machineBusyTicks();
    const pg0 = postgresTicks();
    const before = ackedCount(sys);
    const t0 = performance.now();
    await Promise.all(
      sys.writers.map(async (w) => {
        while (performance.now() - t0 < roundMs) {
          edit(w);
          await w.settled();
        }
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    const updates = ackedCount(sys) - before;
    await sleep(ROUND_PAUSE_MS);
    const sum = sums.get(sys)!;
    sum.updates += updates;
    sum.seconds += seconds;
    sum.elapsedS += (performance.now() - t0) / 1000;
    sum.ticks += nodeTicks(sys) - ticks0;
    sum.idleTicks += others.reduce((s, o) => s + nodeTicks(o), 0) - idle0;
    const machine = machineBusyTicks() - machine0;
    const pgTicks = postgresTicksSince(pg0);
    sum.machineTicks += machine;
    sum.pgTicks += pgTicks;
    const perUpdate = (t: number) => ((t * 10) / Math.max(1, updates)).toFixed(2);
    console.log(
      `  round ${k + 1}/${order.length}: ${sys.name} ${(updates / seconds).toFixed(0)} updates/s over ${seconds.toFixed(1)} s; CPU per update: machine ${perUpdate(machine)} ms, PostgreSQL ${perUpdate(pgTicks)} ms`,
    );
  }
  const out = new Map<System, Saturation>();
  for (const [sys, sum] of sums) {
    out.set(sys, {
      updatesPerS: sum.updates / sum.seconds,
      cpuMsPerUpdate: (sum.ticks * 10) / Math.max(1, sum.updates),
      machineCpuMsPerUpdate: (sum.machineTicks * 10) / Math.max(1, sum.updates),
      pgCpuMsPerUpdate: (sum.pgTicks * 10) / Math.max(1, sum.updates),
      idleOtherCpuPct: ((sum.idleTicks * 10) / (sum.elapsedS * 1000)) * 100, // ticks are 10 ms
    });
  }
  return out;
}

/** The kill phase's writers edit at these intervals (a quarter each), so one kill -9 measures every
 *  interval: Hocuspocus stores 2 s after the last change, a slow editor gives it time, a fast one not. */
const KILL_INTERVALS_MS = [500, 1000, 2000, 5000];
// writers alternate nodes (i % 2): pairs share an interval, so each node gets every interval
const intervalOf = (i: number) => KILL_INTERVALS_MS[Math.floor(i / 2) % KILL_INTERVALS_MS.length]!;

interface KillResult {
  acked: number;
  lost: number;
  /** per edit interval (ms): acknowledged edits of node 0's writers, and those missing from the database */
  byInterval: Map<number, { acked: number; lost: number }>;
}

/** Workload, kill -9 of node 0, then: acknowledged edits of node 0's writers missing from the database. */
async function killPhase(sys: System): Promise<KillResult> {
  let running = true;
  const t0 = performance.now();
  const loops = sys.writers.map(async (w, i) => {
    const every = intervalOf(i);
    await sleep(Math.random() * every);
    while (running) {
      edit(w);
      await sleep(every);
    }
  });
  await sleep(BEFORE_KILL_MS - (performance.now() - t0));
  await sys.nodes[0]!.kill(); // SIGKILL; resolves once the process is gone: no ack can follow
  const victims = sys.writers
    .map((w, i) => ({ w, i }))
    .filter(({ w }) => w.node === 0)
    .map(({ w, i }) => ({ copyId: w.copyId, every: intervalOf(i), acked: [...w.ackedAt.keys()] }));
  running = false;
  await Promise.all(loops);
  await sleep(500);
  const byInterval = new Map(KILL_INTERVALS_MS.map((ms) => [ms, { acked: 0, lost: 0 }]));
  for (const v of victims) {
    const stored = await sys.stored(v.copyId);
    const g = byInterval.get(v.every)!;
    g.acked += v.acked.length;
    g.lost += v.acked.filter((id) => !stored.has(id)).length;
  }
  const all = [...byInterval.values()];
  return { acked: all.reduce((s, g) => s + g.acked, 0), lost: all.reduce((s, g) => s + g.lost, 0), byInterval };
}

// ---------------------------------------------------------------- Korrigo
async function seedKorrigo(db: Db) {
  const exam = await createExamWithScale(db);
  const prefix = (await db.exam.findUniqueOrThrow({ where: { id: exam.id } })).codePrefix;
  const users = Array.from({ length: GRADERS + 1 }, (_, i) => ({
    id: crypto.randomUUID(),
    username: `bench-${prefix}-${i}`,
    displayName: i === GRADERS ? "Supervisor" : `G${i}`,
    role: i === GRADERS ? ("SUPERVISOR" as const) : ("GRADER" as const),
    passwordHash: "x",
  }));
  const copies = users
    .slice(0, GRADERS)
    .map((_, i) => ({ id: crypto.randomUUID(), examId: exam.id, seq: i + 1, anonymousCode: `${prefix}-B${i}`, state: "READY" as const }));
  await db.user.createMany({ data: users });
  await db.copy.createMany({ data: copies });
  await db.assignment.createMany({ data: copies.map((c, i) => ({ copyId: c.id, graderId: users[i]!.id })) });
  const now = Date.now();
  const sids = users.map(() => crypto.randomBytes(24).toString("base64url"));
  await db.session.createMany({
    data: users.map((u, i) => ({
      id: sids[i]!,
      userId: u.id,
      data: { createdAt: now, passport: { user: u.id } },
      createdAt: new Date(now),
      expiresAt: new Date(now + 3_600_000),
    })),
  });
  const cookie = (i: number) => `korrigo.sid=${encodeURIComponent(`s:${signature.sign(sids[i]!, NODE_SESSION_SECRET)}`)}`;
  return { copies: copies.map((c, i) => ({ copyId: c.id, cookie: cookie(i), userId: users[i]!.id })), supervisorCookie: cookie(GRADERS) };
}

async function openSync(url: string, cookie: string, copyId: string): Promise<CopySync> {
  const sync = new CopySync({ copyId });
  await new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(`${a.code}: ${a.message}`)));
    sync.attach(connectGrading(url, { cookie }));
  });
  return sync;
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map((t, k) => fn(t, i + k)))));
  return out;
}

async function startKorrigo(databaseUrl: string, db: Db): Promise<System> {
  const servers: ServerNode[] = await Promise.all(
    [0, 1].map(() =>
      startNode({
        databaseUrl,
        redisUrl: REDIS_URL,
        env: { LOG_LEVEL: "error", ...(process.env.COMMIT_LANES ? { COMMIT_LANES: process.env.COMMIT_LANES } : {}) }, // compare lane counts
        nodeArgs: [...NODE_FLAGS, ...(CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF_DIR}`] : [])],
      }),
    ),
  );
  const nodes: Node[] = servers.map((s) => ({ url: s.url, pid: s.process.pid!, kill: () => s.kill("SIGKILL") }));
  const seed = await seedKorrigo(db);
  const writers = await inBatches(seed.copies, 50, async (c, i): Promise<Writer> => {
    const sync = await openSync(nodes[i % 2]!.url, c.cookie, c.copyId);
    const lock = await sync.takeLock();
    if (!lock.ok) throw new Error(`lock: ${lock.code}`);
    const w: Writer = {
      copyId: c.copyId,
      author: c.userId,
      node: i % 2,
      doc: sync.doc,
      created: [],
      createdAt: new Map(),
      ackedAt: new Map(),
      settled: () => sync.whenSaved(),
      close: () => {
        sync.socket?.close();
        sync.destroy();
      },
    };
    sync.on("saved", () => ackUpTo(w, w.created.length - sync.pendingCount));
    return w;
  });
  const stride = Math.max(1, Math.floor(GRADERS / Math.max(1, WATCHERS)));
  const watched = seed.copies
    .map((c, i) => ({ ...c, i }))
    .filter((c) => c.i % stride === 0)
    .slice(0, WATCHERS);
  const watchers = await inBatches(watched, 50, async (c): Promise<Watcher> => {
    const sync = await openSync(nodes[(c.i + 1) % 2]!.url, seed.supervisorCookie, c.copyId); // the other node
    const seenAt = new Map<string, number>();
    watchAnnotations(sync.doc, seenAt);
    return { copyId: c.copyId, seenAt, close: () => (sync.socket?.close(), sync.destroy()) };
  });
  return {
    name: "korrigo",
    nodes,
    writers,
    watchers,
    async stored(copyId) {
      const doc = new Y.Doc();
      const snap = await db.copyDocSnapshot.findUnique({ where: { copyId } });
      if (snap) Y.applyUpdate(doc, snap.data);
      for (const r of await db.copyDocUpdate.findMany({ where: { copyId }, orderBy: { seq: "asc" } })) Y.applyUpdate(doc, r.data);
      return new Set(readAnnotations(doc).map((a) => a.id));
    },
    async stop() {
      for (const c of [...writers, ...watchers]) c.close();
      await Promise.all(servers.map((s) => s.kill("SIGTERM")));
    },
  };
}

// ---------------------------------------------------------------- Hocuspocus (the peer)
/** Closing a provider still reconnecting to the killed node makes ws emit "closed before the connection was established": expected here. */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on("error", () => {});
  }
}

async function startPeerNode(databaseUrl: string, redisPrefix: string): Promise<Node & { proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", SELF, "--peer-node", String(port), databaseUrl, REDIS_URL, redisPrefix], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  const exited = new Promise<void>((r) => proc.once("exit", () => r()));
  const deadline = Date.now() + 120_000; // tsx start-up on a loaded machine
  while (
    !(await fetch(`http://127.0.0.1:${port}`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error("Hocuspocus node did not start");
    await sleep(100);
  }
  return { url: `ws://127.0.0.1:${port}`, pid: proc.pid!, proc, kill: async () => (proc.kill("SIGKILL"), await exited) };
}

async function startHocuspocus(databaseUrl: string, pool: pg.Pool, copyIds: string[]): Promise<System> {
  const { HocuspocusProvider, HocuspocusProviderWebsocket } = await import("@hocuspocus/provider");
  await pool.query(`CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)`);
  const redisPrefix = `bench-hocuspocus-${crypto.randomUUID()}`;
  const nodes = await Promise.all([0, 1].map(() => startPeerNode(databaseUrl, redisPrefix)));
  const open = async (url: string, name: string) => {
    const websocketProvider = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: QuietWebSocket });
    const provider = new HocuspocusProvider({ websocketProvider, name, document: new Y.Doc() });
    provider.attach(); // a shared-socket provider attaches explicitly
    await new Promise<void>((resolve) => (provider.isSynced ? resolve() : provider.on("synced", () => resolve())));
    return { provider, close: () => (provider.destroy(), websocketProvider.destroy()) };
  };
  const writers = await inBatches(copyIds, 50, async (copyId, i): Promise<Writer> => {
    const { provider, close } = await open(nodes[i % 2]!.url, copyId);
    const waiters: (() => void)[] = [];
    const w: Writer = {
      copyId,
      author: "bench",
      node: i % 2,
      doc: provider.document,
      created: [],
      createdAt: new Map(),
      ackedAt: new Map(),
      close,
      settled: () => (provider.unsyncedChanges === 0 ? Promise.resolve() : new Promise((r) => waiters.push(r))),
    };
    provider.on("unsyncedChanges", ({ number }: { number: number }) => {
      ackUpTo(w, w.created.length - number); // "synced": the server applied it (in memory)
      if (number === 0) for (const r of waiters.splice(0)) r();
    });
    return w;
  });
  const stride = Math.max(1, Math.floor(GRADERS / Math.max(1, WATCHERS)));
  const watched = copyIds
    .map((copyId, i) => ({ copyId, i }))
    .filter((c) => c.i % stride === 0)
    .slice(0, WATCHERS);
  const watchers = await inBatches(watched, 50, async (c): Promise<Watcher> => {
    const { provider, close } = await open(nodes[(c.i + 1) % 2]!.url, c.copyId); // the other node
    const seenAt = new Map<string, number>();
    watchAnnotations(provider.document, seenAt);
    return { copyId: c.copyId, seenAt, close };
  });
  return {
    name: "hocuspocus",
    nodes,
    writers,
    watchers,
    async stored(copyId) {
      const row = (await pool.query<{ data: Buffer }>(`SELECT data FROM hocuspocus_documents WHERE name = $1`, [copyId])).rows[0];
      const doc = new Y.Doc();
      if (row) Y.applyUpdate(doc, row.data);
      return new Set(readAnnotations(doc).map((a) => a.id));
    },
    async stop() {
      for (const c of [...writers, ...watchers]) c.close();
      await Promise.all(nodes.map((n) => (n.proc.exitCode === null && n.proc.signalCode === null ? n.kill() : Promise.resolve())));
    },
  };
}

// ---------------------------------------------------------------- main

type Steady = Awaited<ReturnType<typeof steady>>;
type Report = Steady & Saturation & KillResult;

async function steadyPhase(sys: System): Promise<Steady> {
  console.log(`${sys.name}: ${sys.writers.length} graders, ${sys.watchers.length} watchers on 2 nodes — steady ${STEADY_MS / 1000} s …`);
  return steady(sys, STEADY_MS);
}

async function killPhaseOf(sys: System): Promise<KillResult> {
  console.log(`${sys.name}: kill -9 of node 0 after ${BEFORE_KILL_MS / 1000} s of edits every ${KILL_INTERVALS_MS.map((m) => m / 1000).join(" / ")} s …`);
  return killPhase(sys);
}

function row(name: string, r: Report): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");
  return `${name.padEnd(11)} | ${f(pct(r.ack, 50)).padStart(6)} ${f(pct(r.ack, 95)).padStart(6)} ${f(pct(r.ack, 99)).padStart(6)} | ${f(pct(r.fanout, 50)).padStart(6)} ${f(pct(r.fanout, 99)).padStart(6)} | ${r.updatesPerS.toFixed(0).padStart(7)} ${r.cpuMsPerUpdate.toFixed(2).padStart(5)} | ${r.cpu.map((c) => c.toFixed(0).padStart(4) + "%").join(" ")} ${r.clientCpu.toFixed(0).padStart(4)}% | ${r.rss.map((m) => m.toFixed(0).padStart(4) + "MB").join(" ")} | ${String(r.acked).padStart(5)} ${String(r.lost).padStart(5)}`;
}

const dbh = await benchDatabase();
let ours: Report | undefined;
let peer: Report | undefined;
try {
  await applyMigrations(dbh.url);
  const db = createDb(dbh.url, { max: 4 });
  // a connection cut (the database stopping) is reported, not an unhandled 'error' that ends the run
  const pool = logConnectionErrors(new pg.Pool({ connectionString: dbh.url, max: 4 }), pino({ level: "warn" }), "bench");
  // both systems stay up from the peer's start to the end of the saturation rounds (saturationRounds)
  try {
    const systems: System[] = [];
    const stopped = new Set<System>();
    const stop = async (sys: System) => {
      if (stopped.has(sys)) return;
      stopped.add(sys);
      await sys.stop();
    };
    try {
      const korrigo = await startKorrigo(dbh.url, db);
      systems.push(korrigo);
      const steadyOf = new Map<System, Steady>([[korrigo, await steadyPhase(korrigo)]]);
      if (!ONLY_KORRIGO) {
        const hocuspocus = await startHocuspocus(
          dbh.url,
          pool,
          korrigo.writers.map(() => crypto.randomUUID()),
        );
        systems.push(hocuspocus);
        steadyOf.set(hocuspocus, await steadyPhase(hocuspocus));
      }
      console.log(`saturation: ${systems.map((s) => s.name).join(" and ")}, rounds of ${ROUND_MS / 1000} s (${systems.length === 1 ? "twice" : "ABBA"}) …`);
      const satOf = await saturationRounds(systems, ROUND_MS);
      const reports: Report[] = [];
      for (const sys of systems) {
        const k = await killPhaseOf(sys);
        await stop(sys);
        reports.push({ ...steadyOf.get(sys)!, ...satOf.get(sys)!, ...k });
      }
      [ours, peer] = reports;
    } finally {
      for (const sys of systems) await stop(sys);
    }
  } finally {
    await db.$disconnect();
    await pool.end();
  }
} finally {
  await dbh.stop();
}

console.log(
  `\n${GRADERS} graders, an edit every ${EDIT_EVERY_MS / 1000} s, 2 nodes, ${quick ? "quick" : "full"} run (steady ${STEADY_MS / 1000} s, saturation 2 × ${ROUND_MS / 1000} s each)`,
);
console.log(`system      |    ack ms p50/p95/p99 | fanout p50/p99 | upd/s cpu-ms/upd | cpu node0 node1 load-gen | rss max node0 node1 | kill: acked lost`);
console.log(row("korrigo", ours!));
if (peer) console.log(row("hocuspocus", peer));
console.log(
  "korrigo: ack = committed in PostgreSQL; fan-out = writer's edit → watcher on the OTHER node (Redis), the commit included; cpu-ms/upd = both nodes' CPU per update acked at saturation.",
);
if (peer)
  console.log(
    `saturation rounds (ABBA, ${ROUND_MS / 1000} s each, both systems up): the idle system's nodes used ${peer.idleOtherCpuPct.toFixed(1)} % of a core during Hocuspocus's rounds, ${ours!.idleOtherCpuPct.toFixed(1)} % during Korrigo's.`,
  );
console.log(`\nkill -9 of node 0, by edit interval | korrigo acked lost | hocuspocus acked lost`);
for (const ms of KILL_INTERVALS_MS) {
  const a = ours!.byInterval.get(ms)!;
  const b = peer?.byInterval.get(ms) ?? { acked: NaN, lost: NaN };
  console.log(
    `  every ${(ms / 1000).toFixed(1).padStart(3)} s                      | ${String(a.acked).padStart(11)} ${String(a.lost).padStart(4)} | ${String(b.acked).padStart(14)} ${String(b.lost).padStart(4)}`,
  );
}
console.log(`korrigo's nodes: node ${NODE_FLAGS.join(" ") || "(Node's defaults)"}; hocuspocus: plain node.`);
console.log(
  'hocuspocus: ack = "synced" (applied in the server\'s memory; stored on a 2 s debounce, 10 s max); fan-out (from the edit) to the watcher on the OTHER node (its Redis extension).',
);
const r1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "nan");
const peerFields = peer
  ? ` peer_ratio=${(ours!.updatesPerS / peer.updatesPerS).toFixed(2)} cpu_ms_per_update=${ours!.cpuMsPerUpdate.toFixed(2)} peer_cpu_ms_per_update=${peer.cpuMsPerUpdate.toFixed(2)} machine_cpu_ms_per_update=${ours!.machineCpuMsPerUpdate.toFixed(2)} peer_machine_cpu_ms_per_update=${peer.machineCpuMsPerUpdate.toFixed(2)} pg_cpu_ms_per_update=${ours!.pgCpuMsPerUpdate.toFixed(2)} peer_pg_cpu_ms_per_update=${peer.pgCpuMsPerUpdate.toFixed(2)} peer_lost=${peer.lost} peer_lost_by_interval=${KILL_INTERVALS_MS.map((ms) => `${ms / 1000}s:${peer!.byInterval.get(ms)!.lost}`).join(",")}`
  : ` cpu_ms_per_update=${ours!.cpuMsPerUpdate.toFixed(2)} machine_cpu_ms_per_update=${ours!.machineCpuMsPerUpdate.toFixed(2)} pg_cpu_ms_per_update=${ours!.pgCpuMsPerUpdate.toFixed(2)}`;
console.log(
  `RESULT p99_ack_ms=${r1(pct(ours!.ack, 99))} fanout_p99_ms=${r1(pct(ours!.fanout, 99))} updates_per_s=${ours!.updatesPerS.toFixed(0)} lost=${ours!.lost}${peerFields}`,
);
process.exit(0);
