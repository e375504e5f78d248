// npm run bench:load [-- --quick]: how many concurrent grader sockets one server node holds with
// p99 ack < 50 ms, and three nodes behind nginx. Each socket is a grader on its own copy sending
// an annotation every 2 s (as bench:realtime). Reports per level: p50/p99 ack, memory per socket
// (heap in use + external after a full GC, read through each node's inspector: a settled figure,
// unlike RSS, which also counts the free heap V8 keeps between collections);
// the knee is the last level whose p99 stays under 50 ms. Then a watcher-only level: rooms of 20
// read-only sockets (supervisors, second screens), 5 pen strokes (~1.6 kB) a second per room,
// fan-out timed from the writer's edit: how many watchers one node holds at p99 <= 100 ms. The
// peer, in the same run: bare Socket.IO relaying the same bytes to the same rooms (ack on receipt,
// nothing stored). The load generator runs in this process on the same 2 cores, so the figures
// are a lower bound for a dedicated server. Watchers only time arrivals (they look for the
// writer's annotation ids in each update's bytes, lib/load-clients.ts): 2,000 watchers applying
// every update to their own Y.Doc in this one process were the bottleneck, for both systems.
// The watcher levels' writers run in a process of their own (lib/load-writers.ts), still on the
// same 2 cores: a real supervisor's screen does not hold the graders' documents, and the process
// that timestamps the deliveries no longer collects the 100 writers' growing documents (its
// mark-compacts had coincided with the tail's bursts; the bursts stayed: the server node holds the
// same documents, docs/operations.md). Edit and arrival share one clock (monoMs).
// --cpu-prof=FILE writes a CPU profile of Korrigo's node during the measured part of the last watcher level it reaches
// --alloc-prof=FILE the same with V8's sampling heap profiler, collected objects counted (where the allocations come from)
// --node-defaults runs Korrigo's nodes with Node's default options instead of the image's (the peer always runs plain node)
// --node-flags="--trace-gc …" adds Node/V8 options to Korrigo's nodes for a diagnosis (their output: each node's log)
// --keep-logs keeps each cluster's directory (its nodes' logs under logs/) instead of removing it
// --watchers-only runs the watcher levels alone: RESULT watchers_1node= peer_watchers_1node=
// --watcher-levels=2000 runs only those watcher levels; --no-peer skips the peer (A/B runs of Korrigo alone)
// --series prints each watcher level's fan-out p50/p99 per half second of edits (a steady tail, or bursts)
// Each watcher level also says how the node's main thread spent it: on a CPU, or runnable and waiting
// for one (kept off the two cores by what it shares them with; lib/run-queue.ts)
// RESULT knee_1node= knee_3nodes= kb_per_socket= p99_at_knee_ms= peer_knee_1node= peer_kb_per_socket= watchers_1node= peer_watchers_1node=
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import signature from "cookie-signature";
import { loadConfig } from "../../server/config/config.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { createExamWithScale } from "../../tests/helpers/grading-factories.ts";
import { freePort } from "../../server/db/embedded.ts";
import { HeapProbe } from "../soak/lib/heap-probe.ts";
import { newAnnotationId } from "../../collab/index.ts";
import { korrigoClient, korrigoWatcher, monoMs, peerClient, peerWatcher, type LoadClient, type Seat } from "./lib/load-clients.ts";
import { forkWriters, type WriterTarget } from "./lib/load-writers.ts";
import { runQueueShare } from "./lib/run-queue.ts";
import { startCluster, type Cluster } from "../lib/cluster.ts";
import { benchNodeFlags } from "../lib/image-runtime.ts";

const quick = process.argv.includes("--quick");
/** --watchers-only: the watcher-only levels alone (one node and the peer), no grader levels, no 3-node cluster */
const WATCHERS_ONLY = process.argv.includes("--watchers-only");
/** Korrigo's nodes run with the image's Node options, as deployed (--node-defaults: Node's own); the peer is plain node */
const NODE_FLAGS = benchNodeFlags();
const LEVELS = quick ? [100, 250] : [100, 250, 500, 1000, 1500, 2000];
/** --watcher-levels=2000[,3000]: those watcher levels only (a diagnosis; the RESULT then says what they held) */
const WATCHER_LEVELS_ARG = process.argv
  .find((a) => a.startsWith("--watcher-levels="))
  ?.slice("--watcher-levels=".length)
  .split(",")
  .map(Number);
const WATCHER_LEVELS = WATCHER_LEVELS_ARG ?? (quick ? [500, 2000] : [500, 1000, 2000, 3000]); // quick still reaches the 2,000 goal
/** --no-peer: Korrigo's levels alone (a diagnosis: A/B runs of Korrigo's code); no peer figures */
const NO_PEER = process.argv.includes("--no-peer");
const ROOM_SIZE = 20;
const ROOM_RATE = 5; // pen strokes per second per room
const WATCH_GOAL_MS = 100;
const CPU_PROF = process.argv.find((a) => a.startsWith("--cpu-prof="))?.split("=")[1];
const ALLOC_PROF = process.argv.find((a) => a.startsWith("--alloc-prof="))?.split("=")[1];
const SERIES = process.argv.includes("--series");
const MEASURE_MS = quick ? 2_500 : 12_000;
const WARM_MS = quick ? 1_000 : 4_000;
const EDIT_EVERY_MS = 2_000;
const GOAL_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
};

/** A supervisor's session cookie (watchers open copies read-only). */
async function makeSupervisor(db: Db, secret: string): Promise<string> {
  const id = crypto.randomUUID();
  await db.user.create({ data: { id, username: `load-sup-${id.slice(0, 8)}`, displayName: "Supervisor", role: "SUPERVISOR", passwordHash: "x" } });
  const sid = crypto.randomBytes(24).toString("base64url");
  const now = Date.now();
  await db.session.create({
    data: {
      id: sid,
      userId: id,
      data: { cookie: { originalMaxAge: 3_600_000 }, createdAt: now, passport: { user: id } },
      createdAt: new Date(now),
      expiresAt: new Date(now + 3_600_000),
    },
  });
  return `korrigo.sid=${encodeURIComponent(`s:${signature.sign(sid, secret)}`)}`;
}

/** N graders, each with a copy, an assignment and a session cookie (bulk inserts). */
async function makeGraders(db: Db, n: number, secret: string) {
  const exam = await createExamWithScale(db);
  const prefix = (await db.exam.findUniqueOrThrow({ where: { id: exam.id } })).codePrefix;
  const users = Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    username: `load-${prefix}-${i}`,
    displayName: `G${i}`,
    role: "GRADER" as const,
    passwordHash: "x",
  }));
  const copies = users.map((_, i) => ({ id: crypto.randomUUID(), examId: exam.id, seq: i + 1, anonymousCode: `${prefix}-L${i}`, state: "READY" as const }));
  await db.user.createMany({ data: users });
  await db.copy.createMany({ data: copies });
  await db.assignment.createMany({ data: users.map((u, i) => ({ copyId: copies[i]!.id, graderId: u.id })) });
  const now = Date.now();
  const sids = users.map(() => crypto.randomBytes(24).toString("base64url"));
  await db.session.createMany({
    data: users.map((u, i) => ({
      id: sids[i]!,
      userId: u.id,
      data: { cookie: { originalMaxAge: 3_600_000 }, createdAt: now, passport: { user: u.id } },
      createdAt: new Date(now),
      expiresAt: new Date(now + 3_600_000),
    })),
  });
  return users.map((u, i) => ({ userId: u.id, copyId: copies[i]!.id, cookie: `korrigo.sid=${encodeURIComponent(`s:${signature.sign(sids[i]!, secret)}`)}` }));
}

/** Where acks are timed: the current measurement's array, or nowhere between measurements. */
let sink: number[] | null = null;

async function measure(clients: LoadClient[], ms = MEASURE_MS): Promise<number[]> {
  const lat: number[] = [];
  sink = lat;
  const stop = Date.now() + ms;
  await Promise.all(
    clients.map(async (c, i) => {
      await sleep((i / clients.length) * EDIT_EVERY_MS);
      while (Date.now() < stop) {
        c.edit("tick");
        await sleep(EDIT_EVERY_MS);
      }
    }),
  );
  await sleep(1000);
  sink = null;
  return lat;
}

interface Level {
  sockets: number;
  p50: number;
  p99: number;
  /** heap in use + external memory right after a full GC, summed over the nodes (MB) */
  settledMb: number;
  rssMb: number;
}

/** The measured processes: their pids (RSS) and inspectors (settled memory). */
interface Measured {
  pids(): number[];
  probes: HeapProbe[];
}

/** What the processes hold right after a full GC (heap in use + external buffers), in MB. */
async function settledMb(m: Measured): Promise<number> {
  let sum = 0;
  for (const p of m.probes) {
    const u = await p.settledMemory();
    if (!u) throw new Error("a measured process did not answer its inspector");
    sum += (u.heapUsed + u.external) / 1024 / 1024;
  }
  return sum;
}

/** KB per socket between the first and the last level: what one more socket costs (the slope),
 *  not a total ÷ sockets, which charges the process's own warm-up to the sockets. */
function kbPerSocket(rows: Level[], of: (r: Level) => number): number {
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last || last.sockets <= first.sockets) return NaN;
  return Math.round(((of(last) - of(first)) / (last.sockets - first.sockets)) * 1024);
}

/** Grader levels: each socket edits its own copy every 2 s; the knee is the last level with p99 ack < 50 ms. */
async function graderLevels(label: string, seats: Seat[], open: (seat: Seat, i: number) => Promise<LoadClient>, measured: Measured) {
  const rows: Level[] = [];
  const clients: LoadClient[] = [];
  try {
    for (const level of LEVELS) {
      while (clients.length < level) {
        const batch = seats.slice(clients.length, Math.min(level, clients.length + 50));
        const opened = await Promise.all(batch.map((g, k) => open(g, clients.length + k)));
        for (const c of opened) c.onAck((ms) => sink?.push(ms));
        clients.push(...opened);
      }
      await sleep(1000);
      if (level === LEVELS[0]) await measure(clients, WARM_MS); // warm-up, not counted: cold JIT and pools in every node
      const lat = await measure(clients);
      // memory once the level's edits are in (each grader's copy holds its strokes), after a full GC
      const settled = await settledMb(measured);
      const rss = measured.pids().reduce((a, p) => a + rssMb(p), 0);
      const row = { sockets: level, p50: pct(lat, 50), p99: pct(lat, 99), settledMb: settled, rssMb: rss };
      rows.push(row);
      console.log(
        `${label.padEnd(16)} sockets=${String(level).padStart(5)} acks=${String(lat.length).padStart(6)} p50=${row.p50.toFixed(1)}ms p99=${row.p99.toFixed(1)}ms settled=${settled.toFixed(1)}MB rss=${rss.toFixed(0)}MB`,
      );
      if (row.p99 > GOAL_MS * 4 && rows.length >= 2) break; // far past the knee: stop here (two levels give the memory slope)
    }
  } finally {
    for (const c of clients) c.close();
  }
  const ok = rows.filter((r) => r.p99 < GOAL_MS);
  // memory per socket: settled (after a full GC) is the figure; RSS also counts the free heap V8
  // keeps between collections and the allocator's slack, so it is printed for reference only
  return {
    knee: ok.length ? ok[ok.length - 1]!.sockets : 0,
    kbPerSocket: kbPerSocket(rows, (r) => r.settledMb),
    rssKbPerSocket: kbPerSocket(rows, (r) => r.rssMb),
    rows,
  };
}

/** Watcher levels (supervisors, second screens): rooms of 20 watchers, one writer per room sending
 *  5 pen strokes a second; fan-out from the writer's edit to each watcher. The answer is the last
 *  level whose fan-out p99 stays within 100 ms. The writers run in a child process (lib/load-writers.ts):
 *  this one only opens the watchers and times what reaches them. */
async function watcherLevels(
  label: string,
  rooms: Array<{ writer: Seat; watcher: Seat }>,
  target: WriterTarget,
  openWatcher: (seat: Seat, expected: ReadonlySet<string>) => Promise<LoadClient>,
  /** the node's process: how its main thread spent the measured phase (on a CPU, waiting for one) */
  nodePid: number | undefined,
  profiled?: HeapProbe,
) {
  let best = 0;
  const rows: Array<{ watchers: number; p50: number; p99: number; seen: number; expected: number }> = [];
  for (const level of WATCHER_LEVELS) {
    const used = rooms.slice(0, Math.ceil(level / ROOM_SIZE));
    const watchers: LoadClient[] = [];
    const writers = forkWriters();
    try {
      await writers.open(
        target,
        used.map((r) => r.writer),
      );
      // each room's annotations still on their way, which its watchers look for in what arrives
      const inFlight = used.map(() => new Set<string>());
      // the measured phase's ids while their arrivals are recorded (edit times come from the writers once it ends)
      let counted: ReadonlySet<string> | null = null;
      const arrivals: Array<[id: string, atMs: number]> = [];
      for (let i = 0; i < used.length; i++) {
        const batch = await Promise.all(Array.from({ length: ROOM_SIZE }, () => openWatcher(used[i]!.watcher, inFlight[i]!)));
        for (const c of batch) {
          c.onSeen((id) => {
            if (counted?.has(id)) arrivals.push([id, monoMs()]);
          });
        }
        watchers.push(...batch);
      }
      await sleep(1000);
      /** One phase of edits: the ids are made here and expected by their room's watchers before any
       *  is used (a watcher cannot see an edit it does not know yet); resolves with each edit's time. */
      const sendFor = async (ms: number, counting: boolean) => {
        const ids = used.map(() => Array.from({ length: Math.ceil((ms / 1000) * ROOM_RATE) + 2 }, () => newAnnotationId()));
        ids.forEach((mine, i) => {
          for (const id of mine) inFlight[i]!.add(id);
        });
        if (counting) counted = new Set(ids.flat());
        const createdAt = await writers.send(ms, ROOM_RATE, ids);
        setTimeout(() => {
          ids.forEach((mine, i) => {
            for (const id of mine) inFlight[i]!.delete(id);
          });
        }, 8_000); // later than any delivery counted
        return createdAt;
      };
      await sendFor(WARM_MS, false); // joins settled, JIT warm: not counted
      await sleep(500);
      const profiling = CPU_PROF || ALLOC_PROF ? profiled : undefined;
      if (CPU_PROF) await profiling?.startCpuProfile();
      if (ALLOC_PROF) await profiling?.startAllocationProfile();
      const share = runQueueShare(nodePid);
      const ownShare = runQueueShare(process.pid); // the watchers' end: the same deliveries for either system, decoded as each sends them
      const createdAt = await sendFor(MEASURE_MS, true);
      const spent = share();
      const ownSpent = ownShare();
      // the last level reached overwrites the earlier ones
      if (profiling && CPU_PROF) await profiling.stopCpuProfile(CPU_PROF);
      if (profiling && ALLOC_PROF) await profiling.stopAllocationProfile(ALLOC_PROF);
      const expected = createdAt.size * ROOM_SIZE;
      for (let waited = 0; waited < 6_000 && arrivals.length < expected; waited += 250) await sleep(250); // late deliveries count (and show in p99)
      counted = null;
      await writers.close(); // the writers' sockets, then their process
      const lat: number[] = [];
      const series: Array<[sentAt: number, ms: number]> = [];
      const perfOffset = performance.now() - monoMs(); // the series' times on this process's clock (halfSeconds prints them)
      for (const [id, at] of arrivals) {
        const t = createdAt.get(id);
        if (t === undefined) continue; // an id made for the phase but not used (none arrives)
        lat.push(at - t);
        if (SERIES) series.push([t + perfOffset, at - t]);
      }
      const seen = lat.length;
      if (SERIES) console.log(`${label.padEnd(16)} per half second, fan-out p50/p99 ms: ${halfSeconds(series)}`);
      const row = { watchers: used.length * ROOM_SIZE, p50: pct(lat, 50), p99: pct(lat, 99), seen, expected };
      rows.push(row);
      const thread = spent
        ? ` (node's main thread: on a CPU ${spent.onCpuPct.toFixed(0)} %, runnable but waiting for one ${spent.waitingPct.toFixed(0)} %` +
          (ownSpent ? `; the watchers' process: ${ownSpent.onCpuPct.toFixed(0)} %, ${ownSpent.waitingPct.toFixed(0)} %)` : ")")
        : "";
      console.log(
        `${label.padEnd(16)} watchers=${String(row.watchers).padStart(5)} rooms=${used.length} deliveries=${seen}/${expected} fan-out p50=${row.p50.toFixed(1)}ms p99=${row.p99.toFixed(1)}ms${thread}`,
      );
      if (row.p99 <= WATCH_GOAL_MS && seen >= expected) best = row.watchers;
      else break;
    } finally {
      for (const c of watchers) c.close();
      writers.kill(); // still alive only if something above failed
      await sleep(500);
    }
  }
  return { watchers: best, rows };
}

/** "0:9/21 1:9/19 …": deliveries grouped by the half second their edit was made in. */
function halfSeconds(series: ReadonlyArray<[number, number]>): string {
  if (series.length === 0) return "";
  const t0 = series.reduce((m, [t]) => Math.min(m, t), Number.POSITIVE_INFINITY);
  const buckets = new Map<number, number[]>();
  for (const [t, ms] of series) {
    const b = Math.floor((t - t0) / 500);
    const bucket = buckets.get(b) ?? [];
    bucket.push(ms);
    buckets.set(b, bucket);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, ms]) => `${b}:${pct(ms, 50).toFixed(0)}/${pct(ms, 99).toFixed(0)}`)
    .join(" ")
    .concat(` (half second 0 from ${new Date(performance.timeOrigin + t0).toISOString().slice(11, 23)} UTC)`);
}

async function runKorrigo(label: string, cluster: Cluster, target: (i: number) => string, measured: Measured, opts: { watchers: boolean }) {
  const db = createDb(cluster.databaseUrl, { max: 4 });
  const secret = loadConfig({}).sessionSecret;
  try {
    const graders = await makeGraders(db, LEVELS[LEVELS.length - 1]!, secret);
    const levels = WATCHERS_ONLY
      ? NO_LEVELS
      : await graderLevels(label, graders, (g, i) => korrigoClient(target(i), cluster.url, g, { write: true }), measured);
    if (!opts.watchers) return { ...levels, watchers: 0 };
    const roomCount = Math.ceil(WATCHER_LEVELS[WATCHER_LEVELS.length - 1]! / ROOM_SIZE);
    const writers = await makeGraders(db, roomCount, secret);
    const supervisor = await makeSupervisor(db, secret);
    const rooms = writers.map((w) => ({ writer: w, watcher: { copyId: w.copyId, cookie: supervisor, userId: "" } }));
    const w = await watcherLevels(
      label,
      rooms,
      { system: "korrigo", url: target(0), origin: cluster.url },
      (seat, expected) => korrigoWatcher(target(0), cluster.url, seat, expected),
      measured.pids()[0],
      measured.probes[0],
    );
    return { ...levels, watchers: w.watchers };
  } finally {
    await db.$disconnect();
  }
}

/** The peer in the same run: bare Socket.IO (scripts/bench/lib/socketio-peer.ts) on its own process. */
async function runPeer() {
  const port = await freePort();
  const inspector = await freePort();
  const proc = spawn(
    process.execPath,
    [`--inspect=127.0.0.1:${inspector}`, "--import", "tsx", path.join(import.meta.dirname, "lib/socketio-peer.ts"), String(port)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  proc.stderr!.resume(); // the inspector's banner
  await new Promise<void>((resolve, reject) => {
    proc.stdout!.on("data", (d) => String(d).includes("ready") && resolve());
    proc.once("exit", () => reject(new Error("the Socket.IO peer did not start")));
  });
  const url = `http://127.0.0.1:${port}`;
  const probe = new HeapProbe(inspector);
  try {
    const seats = Array.from({ length: LEVELS[LEVELS.length - 1]! }, () => ({ copyId: crypto.randomUUID(), cookie: "", userId: "peer" }));
    const levels = WATCHERS_ONLY
      ? NO_LEVELS
      : await graderLevels("peer 1 node", seats, (g) => peerClient(url, g), { pids: () => [proc.pid!], probes: [probe] });
    const rooms = Array.from({ length: Math.ceil(WATCHER_LEVELS[WATCHER_LEVELS.length - 1]! / ROOM_SIZE) }, () => {
      const seat = { copyId: crypto.randomUUID(), cookie: "", userId: "peer" };
      return { writer: seat, watcher: seat };
    });
    const w = await watcherLevels("peer 1 node", rooms, { system: "peer", url, origin: "" }, (seat, expected) => peerWatcher(url, seat, expected), proc.pid);
    return { ...levels, watchers: w.watchers };
  } finally {
    await probe.close();
    proc.kill("SIGKILL");
  }
}

const KEEP_LOGS = process.argv.includes("--keep-logs");

/** A cluster whose server nodes open an inspector on loopback (settled memory after a full GC). */
async function withCluster<T>(nodes: number, fn: (c: Cluster, m: Measured) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-load-"));
  const inspectors = new Map<string, number>();
  for (let i = 1; i <= nodes; i++) inspectors.set(`server-${i}`, await freePort());
  const envFor = (name: string): Record<string, string> => (inspectors.has(name) ? { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectors.get(name)}` } : {});
  const cluster = await startCluster({ dataDir, nodes, seed: false, env: { LOG_LEVEL: "error" }, envFor, nodeFlags: NODE_FLAGS });
  const probes = [...inspectors.values()].map((port) => new HeapProbe(port));
  try {
    return await fn(cluster, { pids: () => cluster.nodes.map((n) => n.proc.pid!), probes });
  } finally {
    await Promise.all(probes.map((p) => p.close())); // a process with a debugger attached does not exit
    await cluster.stop();
    if (KEEP_LOGS) console.log(`the cluster's logs (and data) are kept in ${dataDir}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(`korrigo's nodes: node ${NODE_FLAGS.join(" ") || "(Node's defaults)"}; the bare Socket.IO peer: plain node.`);
const NO_LEVELS = { knee: NaN, kbPerSocket: NaN, rssKbPerSocket: NaN, rows: [] as Array<{ sockets: number; p99: number }> };
const one = await withCluster(1, (c, m) => runKorrigo("1 node", c, () => `http://127.0.0.1:${c.nodes[0]!.port}`, m, { watchers: true }));
const peer = NO_PEER ? { ...NO_LEVELS, watchers: NaN } : await runPeer();
if (WATCHERS_ONLY) {
  console.log(
    `watchers held by one node at fan-out p99 <= ${WATCH_GOAL_MS} ms (rooms of ${ROOM_SIZE}, ${ROOM_RATE} pen strokes/s per room): Korrigo ${one.watchers}, bare Socket.IO ${peer.watchers}`,
  );
  console.log(`RESULT watchers_1node=${one.watchers} peer_watchers_1node=${peer.watchers}`);
  process.exit(0);
}
const three = await withCluster(3, (c, m) => runKorrigo("3 nodes+nginx", c, () => c.url, m, { watchers: false }));
console.log(
  `knee (last level with p99 ack < ${GOAL_MS} ms): 1 node ${one.knee} sockets (bare Socket.IO peer ${peer.knee}), 3 nodes behind nginx ${three.knee} sockets`,
);
console.log(
  `memory per socket (heap + external after a full GC; a grader socket with its copy): Korrigo ${one.kbPerSocket} KB, bare Socket.IO ${peer.kbPerSocket} KB (RSS slope, for reference: ${one.rssKbPerSocket} KB vs ${peer.rssKbPerSocket} KB)`,
);
console.log(
  `watchers held by one node at fan-out p99 <= ${WATCH_GOAL_MS} ms (rooms of ${ROOM_SIZE}, ${ROOM_RATE} pen strokes/s per room): Korrigo ${one.watchers}, bare Socket.IO ${peer.watchers}`,
);
console.log(
  `RESULT knee_1node=${one.knee} knee_3nodes=${three.knee} kb_per_socket=${one.kbPerSocket} p99_at_knee_ms=${(one.rows.find((r) => r.sockets === one.knee)?.p99 ?? NaN).toFixed(1)} peer_knee_1node=${peer.knee} peer_kb_per_socket=${peer.kbPerSocket} watchers_1node=${one.watchers} peer_watchers_1node=${peer.watchers}`,
);
process.exit(0);
