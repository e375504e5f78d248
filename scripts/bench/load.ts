// npm run bench:load [-- --quick]: how many concurrent grader sockets one server node holds with
// p99 ack < 50 ms, and three nodes behind nginx. Each socket is a grader on its own copy sending
// an annotation every 2 s (as bench:realtime). Reports per level: p50/p99 ack, memory per socket;
// the knee is the last level whose p99 stays under 50 ms. The load generator runs in this process
// on the same 2 cores, so the figures are a lower bound for a dedicated server.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import signature from "cookie-signature";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId } from "../../collab/index.ts";
import { loadConfig } from "../../server/config/config.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { CopySync } from "../../tests/helpers/grading-client.ts";
import { createExamWithScale } from "../../tests/helpers/grading-factories.ts";
import { connectGrading } from "../../tests/helpers/grading-session.ts";
import { startCluster, type Cluster } from "../lib/cluster.ts";

const quick = process.argv.includes("--quick");
const LEVELS = quick ? [100, 250] : [100, 250, 500, 1000, 1500, 2000];
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

/** N graders, each with a copy, an assignment and a session cookie (bulk inserts). */
async function makeGraders(db: Db, n: number, secret: string) {
  const exam = await createExamWithScale(db);
  const prefix = (await db.exam.findUniqueOrThrow({ where: { id: exam.id } })).codePrefix;
  const users = Array.from({ length: n }, (_, i) => ({ id: crypto.randomUUID(), username: `load-${prefix}-${i}`, displayName: `G${i}`, role: "GRADER" as const, passwordHash: "x" }));
  const copies = users.map((_, i) => ({ id: crypto.randomUUID(), examId: exam.id, seq: i + 1, anonymousCode: `${prefix}-L${i}`, state: "READY" as const }));
  await db.user.createMany({ data: users });
  await db.copy.createMany({ data: copies });
  await db.assignment.createMany({ data: users.map((u, i) => ({ copyId: copies[i]!.id, graderId: u.id })) });
  const now = Date.now();
  const sids = users.map(() => crypto.randomBytes(24).toString("base64url"));
  await db.session.createMany({
    data: users.map((u, i) => ({ id: sids[i]!, userId: u.id, data: { cookie: { originalMaxAge: 3_600_000 }, createdAt: now, passport: { user: u.id } }, createdAt: new Date(now), expiresAt: new Date(now + 3_600_000) })),
  });
  return users.map((_, i) => ({ copyId: copies[i]!.id, cookie: `korrigo.sid=${encodeURIComponent(`s:${signature.sign(sids[i]!, secret)}`)}` }));
}

interface Client {
  sync: CopySync;
  sentAt: number[];
}

/** Where acks are timed: the current measurement's array, or nowhere between measurements. */
let sink: number[] | null = null;

async function openClient(url: string, origin: string, g: { copyId: string; cookie: string }): Promise<Client> {
  const sync = new CopySync({ copyId: g.copyId, doc: new Y.Doc() });
  await new Promise<void>((resolve, reject) => {
    sync.on("joined", () => resolve());
    sync.on("refused", (a) => reject(new Error(a.code)));
    sync.attach(connectGrading(url, { cookie: g.cookie, origin, reconnection: false }));
  });
  const lock = await sync.takeLock();
  if (!lock.ok) throw new Error(`lock refused: ${lock.code}`);
  const client: Client = { sync, sentAt: [] };
  sync.on("saved", (_seq, edits) => {
    // edits made while one was in flight travel (and are acked) together: time each from its own send
    for (let k = 0; k < edits; k++) {
      const t = client.sentAt.shift();
      if (t !== undefined) sink?.push(performance.now() - t);
    }
  });
  return client;
}

async function measure(clients: Client[], ms = MEASURE_MS): Promise<number[]> {
  const lat: number[] = [];
  sink = lat;
  const stop = Date.now() + ms;
  await Promise.all(
    clients.map(async (c, i) => {
      await sleep((i / clients.length) * EDIT_EVERY_MS);
      while (Date.now() < stop) {
        c.sentAt.push(performance.now());
        addAnnotation(c.sync.doc, { id: newAnnotationId(), page: 0, kind: "tick", box: { x: 0.4, y: 0.4, w: 0.05, h: 0.05 }, color: "#1565c0", width: 0.004, author: "load", createdAt: Date.now() });
        await sleep(EDIT_EVERY_MS);
      }
    }),
  );
  await sleep(1000);
  sink = null;
  return lat;
}

async function run(label: string, cluster: Cluster, target: (i: number) => string, pids: () => number[]) {
  const db = createDb(cluster.databaseUrl, { max: 4 });
  const secret = loadConfig({}).sessionSecret;
  const rows: Array<{ sockets: number; p50: number; p99: number; mbPerSocket: number; rssMb: number }> = [];
  const base = pids().reduce((a, p) => a + rssMb(p), 0);
  const graders = await makeGraders(db, LEVELS[LEVELS.length - 1]!, secret);
  const clients: Client[] = [];
  try {
    for (const level of LEVELS) {
      while (clients.length < level) {
        const batch = graders.slice(clients.length, Math.min(level, clients.length + 50));
        clients.push(...(await Promise.all(batch.map((g, k) => openClient(target(clients.length + k), cluster.url, g)))));
      }
      await sleep(1000);
      if (level === LEVELS[0]) await measure(clients, WARM_MS); // warm-up, not counted: cold JIT and pools in every node
      const mem = pids().reduce((a, p) => a + rssMb(p), 0);
      const lat = await measure(clients);
      const row = { sockets: level, p50: pct(lat, 50), p99: pct(lat, 99), mbPerSocket: (mem - base) / level, rssMb: mem };
      rows.push(row);
      console.log(`${label.padEnd(14)} sockets=${String(level).padStart(5)} acks=${String(lat.length).padStart(6)} p50=${row.p50.toFixed(1)}ms p99=${row.p99.toFixed(1)}ms rss=${mem.toFixed(0)}MB (+${(row.mbPerSocket * 1024).toFixed(0)} KB/socket)`);
      if (row.p99 > GOAL_MS * 4) break; // far past the knee: stop here
    }
  } finally {
    for (const c of clients) {
      c.sync.socket?.close();
      c.sync.destroy();
    }
    await db.$disconnect();
  }
  const ok = rows.filter((r) => r.p99 < GOAL_MS);
  // memory per socket: the slope of RSS between the first and the last level (what one more
  // socket costs), not RSS ÷ sockets, which charges the process's own warm-up to the sockets
  const first = rows[0];
  const last = rows[rows.length - 1];
  const slope = first && last && last.sockets > first.sockets ? (last.rssMb - first.rssMb) / (last.sockets - first.sockets) : (last?.mbPerSocket ?? 0);
  return { knee: ok.length ? ok[ok.length - 1]!.sockets : 0, kbPerSocket: Math.round(slope * 1024), rows };
}

async function withCluster<T>(nodes: number, fn: (c: Cluster) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-load-"));
  const cluster = await startCluster({ dataDir, nodes, seed: false, env: { LOG_LEVEL: "error" } });
  try {
    return await fn(cluster);
  } finally {
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const one = await withCluster(1, (c) => run("1 node", c, () => `http://127.0.0.1:${c.nodes[0]!.port}`, () => [c.nodes[0]!.proc.pid!]));
const three = await withCluster(3, (c) => run("3 nodes+nginx", c, () => c.url, () => c.nodes.map((n) => n.proc.pid!)));
console.log(`knee (last level with p99 < ${GOAL_MS} ms): 1 node ${one.knee} sockets, 3 nodes behind nginx ${three.knee} sockets`);
console.log(`RESULT knee_1node=${one.knee} knee_3nodes=${three.knee} kb_per_socket=${one.kbPerSocket} p99_at_knee_ms=${(one.rows.find((r) => r.sockets === one.knee)?.p99 ?? NaN).toFixed(1)}`);
process.exit(0);
