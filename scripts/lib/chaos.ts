// Chaos on the local cluster: simulated graders annotate through nginx while server nodes are
// killed with -9 and restarted at random, Redis is restarted once, PostgreSQL's connections are
// all cut (pg_terminate_backend) and the worker is killed -9 while it renders finalized copies.
// Afterwards: every update a client saw acknowledged is in PostgreSQL, every client converged
// with the database, no lock is stuck (counted before any cleanup: held by its grader, then freed
// by the system alone once the graders leave), every render finished, no process crashed on its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import * as Y from "yjs";
import { addAnnotation, newAnnotationId, readCopyDoc } from "../../collab/index.ts";
import { loadConfig } from "../../server/config/config.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { CopySync } from "../../tests/helpers/grading-client.ts";
import { assignCopy, createCopy, createExamWithScale, sessionCookie } from "../../tests/helpers/grading-factories.ts";
import { connectGrading } from "../../tests/helpers/grading-session.ts";
import { finalizeCopy } from "../../server/render/finalize-service.ts";
import { seedGradableCopy } from "../../tests/fixtures/render/seed-copy.ts";
import { startCluster, type Cluster, type ClusterProcess } from "./cluster.ts";
import { createScratchDatabase } from "./scratch-database.ts";

export interface ChaosOptions {
  graders: number;
  /** copies finalized during the run, whose renders a worker killed -9 mid-render must still finish */
  renders?: number;
  /** terminate every PostgreSQL connection of the cluster this many times during the run */
  pgRestarts?: number;
  durationMs: number;
  killEveryMs: number;
  editEveryMs: number;
  restartRedis: boolean;
  /** a database of the caller's, kept after the run; default: a scratch one on DATABASE_URL's server, else the cluster's embedded PostgreSQL */
  databaseUrl?: string;
  /** the compiled server the nodes and the worker run (compileBuild), as deployed; default: the sources through tsx */
  serverEntry?: string;
  log?: (m: string) => void;
}

export interface ChaosResult {
  lost: number;
  stuck_locks: number;
  crashed: number;
  kills: number;
  acked: number;
  diverged: number;
  graders: number;
  pg_restarts: number;
  worker_kills: number;
  renders: number;
  renders_finished: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LOCK_GRACE_SEC = 5;
const LOCK_LEASE_SEC = 15;

/** With DATABASE_URL, the cluster gets a database of its own on that server (dropped afterwards):
 *  the chaos cuts every connection to its database, and must never touch anyone else's. */
async function ownDatabase(): Promise<() => Promise<void>> {
  const admin = process.env.DATABASE_URL;
  if (!admin) return async () => {};
  const db = await createScratchDatabase(admin, "korrigo_chaos");
  process.env.DATABASE_URL = db.url;
  return async () => {
    process.env.DATABASE_URL = admin;
    await db.drop();
  };
}

/** Cuts every other connection to the cluster's database, as a PostgreSQL restart would. */
async function terminatePgConnections(databaseUrl: string): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

async function dbAnnotationIds(db: Db, copyId: string): Promise<Set<string>> {
  const snap = await db.copyDocSnapshot.findUnique({ where: { copyId } });
  const rows = await db.copyDocUpdate.findMany({
    where: { copyId, ...(snap ? { seq: { gt: snap.upToSeq } } : {}) },
    orderBy: { seq: "asc" },
    select: { data: true },
  });
  const doc = new Y.Doc();
  for (const u of [...(snap ? [snap.data] : []), ...rows.map((r) => r.data)]) Y.applyUpdate(doc, u);
  return new Set(readCopyDoc(doc).annotations.map((a) => a.id));
}

interface Grader {
  sync: CopySync;
  /** the annotations' author: the server refuses any other than the sender */
  userId: string;
  copyId: string;
  mine: string[];
  ackedIds: Set<string>;
  inFlightIds: string[];
}

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const log = o.log ?? (() => {});
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-chaos-"));
  const dropDatabase = o.databaseUrl ? async () => {} : await ownDatabase();
  const cluster: Cluster = await startCluster({
    dataDir,
    databaseUrl: o.databaseUrl,
    serverEntry: o.serverEntry,
    nodes: 3,
    seed: false,
    privateRedis: true,
    env: { LOCK_GRACE_SEC: String(LOCK_GRACE_SEC), LOCK_LEASE_SEC: String(LOCK_LEASE_SEC) },
    log,
  }).catch(async (e) => {
    await dropDatabase().catch(() => {});
    throw e;
  });
  const db = createDb(cluster.databaseUrl, { max: 4 });
  const expectedExit = new WeakSet<object>();
  const crashed: string[] = [];
  const watch = (p: ClusterProcess) => {
    const proc = p.proc;
    const onExit = (code: number | null, signal: string | null) => {
      if (expectedExit.has(proc)) return;
      crashed.push(p.name);
      // what it said last (the cluster's logs go with the run's directory)
      const tail = fs.existsSync(p.logFile) ? fs.readFileSync(p.logFile, "utf8").split("\n").slice(-40).join("\n") : "(no log)";
      log(`${p.name} exited on its own (code ${code}, signal ${signal}); the end of its log:\n${tail}`);
    };
    proc.once("exit", onExit);
  };
  const all = [...cluster.nodes, cluster.worker, ...(cluster.redis ? [cluster.redis] : [])];
  all.forEach(watch);
  let kills = 0;
  const graders: Grader[] = [];
  try {
    const secret = loadConfig({}).sessionSecret; // the cluster runs in development mode
    const exam = await createExamWithScale(db);
    for (let i = 0; i < o.graders; i++) {
      const user = await db.user.create({ data: { username: `chaos-${i}-${Date.now()}`, displayName: `Grader ${i}`, role: "GRADER", passwordHash: "x" } });
      const copy = await createCopy(db, exam.id);
      await assignCopy(db, copy.id, user.id);
      const cookie = await sessionCookie(db, user.id, secret, 3_600_000);
      const socket = connectGrading(cluster.url, { cookie, origin: cluster.url, reconnection: true });
      const sync = new CopySync({ copyId: copy.id, ackTimeoutMs: 5000, retryDelayMs: 300 });
      const g: Grader = { sync, copyId: copy.id, userId: user.id, mine: [], ackedIds: new Set(), inFlightIds: [] };
      sync.on("saved", () => {
        // everything made before this ack and not pending any more is committed
        if (sync.pendingCount === 0) for (const id of g.mine) g.ackedIds.add(id);
      });
      await new Promise<void>((resolve, reject) => {
        sync.on("joined", () => resolve());
        sync.on("refused", (ack) => reject(new Error(`${ack.code}: ${ack.message}`)));
        sync.attach(socket);
      });
      const lock = await sync.takeLock();
      if (!lock.ok) throw new Error(`grader ${i} could not lock: ${lock.code}`);
      graders.push(g);
    }
    log(`${graders.length} graders connected through nginx; chaos for ${o.durationMs / 1000} s`);
    const renderCopies: string[] = [];
    for (let i = 0; i < (o.renders ?? 0); i++) renderCopies.push((await seedGradableCopy(db, path.join(dataDir, "media"), { locked: false })).copyId);
    const supervisor = await db.user.create({
      data: { username: `chaos-sup-${Date.now()}`, displayName: "Chaos supervisor", role: "SUPERVISOR", passwordHash: "x" },
    });

    const started = Date.now();
    const end = started + o.durationMs;
    const editors = graders.map(async (g, i) => {
      await sleep((i * o.editEveryMs) / graders.length);
      while (Date.now() < end) {
        const id = newAnnotationId();
        addAnnotation(g.sync.doc, {
          id,
          page: 0,
          kind: "tick",
          box: { x: Math.random() * 0.9, y: Math.random() * 0.9, w: 0.05, h: 0.05 },
          color: "#2e7d32",
          width: 0.004,
          author: g.userId,
          createdAt: Date.now(),
        });
        g.mine.push(id);
        await sleep(o.editEveryMs * (0.5 + Math.random()));
      }
    });
    const restarting = new Set<ClusterProcess>();
    const restarts: Promise<void>[] = [];
    let pgRestarts = 0;
    let workerKills = 0;
    // renders in flight, then kill -9 of the worker while it renders them; PostgreSQL's connections cut
    const disrupt = (async () => {
      await sleep(o.durationMs * 0.2);
      const actor = { id: supervisor.id, role: "SUPERVISOR" as const, active: true };
      if (renderCopies.length > 0) {
        for (const copyId of renderCopies) await finalizeCopy(db, actor, copyId, { ip: "127.0.0.1", userAgent: "chaos", actorId: supervisor.id });
        log(`${renderCopies.length} copies finalized`);
        await sleep(300);
        expectedExit.add(cluster.worker.proc);
        log("kill -9 worker (renders in flight)");
        cluster.worker.proc.kill("SIGKILL");
        workerKills++;
        await sleep(1000);
        await cluster.worker.restart();
        watch(cluster.worker);
      }
    })();
    // PostgreSQL's connections cut at fixed points of the run (35 %, then spread up to 80 %), on their
    // own schedule: after the worker's restart they could fall past the end and be skipped (a quick
    // run then reported pg_restarts=0)
    const cutter = (async () => {
      const cuts = o.pgRestarts ?? 0;
      for (let i = 0; i < cuts; i++) {
        const at = started + o.durationMs * (0.35 + (0.45 * i) / Math.max(1, cuts - 1));
        await sleep(Math.max(0, at - Date.now()));
        const cut = await terminatePgConnections(cluster.databaseUrl);
        pgRestarts++;
        log(`PostgreSQL: ${cut} connections terminated (pg_terminate_backend)`);
      }
    })();
    const killer = (async () => {
      let redisDone = !o.restartRedis || !cluster.redis;
      while (Date.now() < end - 3000) {
        await sleep(o.killEveryMs * (0.6 + Math.random() * 0.8));
        if (Date.now() >= end - 3000) break;
        if (!redisDone && Date.now() > end - o.durationMs / 2) {
          redisDone = true;
          expectedExit.add(cluster.redis!.proc);
          log("restarting Redis");
          await cluster.redis!.restart();
          watch(cluster.redis!);
          continue;
        }
        const live = cluster.nodes.filter((n) => n.alive() && !restarting.has(n));
        if (live.length < 2) continue;
        const victim = live[Math.floor(Math.random() * live.length)]!;
        expectedExit.add(victim.proc);
        log(`kill -9 ${victim.name}`);
        kills++;
        victim.proc.kill("SIGKILL");
        restarting.add(victim);
        restarts.push(
          sleep(1000)
            .then(() => victim.restart())
            .then(() => watch(victim))
            .finally(() => restarting.delete(victim)),
        );
      }
    })();
    await Promise.all([...editors, killer, disrupt, cutter]);
    await Promise.all(restarts);

    // let every client resend what was not acknowledged and converge
    const settleDeadline = Date.now() + 60_000;
    while (Date.now() < settleDeadline && graders.some((g) => g.sync.pendingCount > 0 || !g.sync.joined)) await sleep(200);
    for (const g of graders) if (g.sync.pendingCount === 0) for (const id of g.mine) g.ackedIds.add(id);

    let lost = 0;
    let diverged = 0;
    for (const g of graders) {
      const inDb = await dbAnnotationIds(db, g.copyId);
      for (const id of g.ackedIds) if (!inDb.has(id)) lost++;
      const local = new Set(readCopyDoc(g.sync.doc).annotations.map((a) => a.id));
      if (local.size !== inDb.size || [...local].some((id) => !inDb.has(id))) diverged++;
    }
    // stuck locks, before any cleanup: every grader still holds its own copy's lock (none is held by
    // a dead node's session or by nobody), then the graders leave without releasing (tabs closed):
    // the system alone must free every lock within grace + lease
    let stuck = 0;
    const held = await db.copyLock.findMany({
      where: { copyId: { in: graders.map((g) => g.copyId) }, expiresAt: { gt: new Date() } },
      select: { copyId: true, holderId: true },
    });
    const holders = new Map(held.map((l) => [l.copyId, l.holderId]));
    for (const g of graders) if (g.sync.lock && holders.get(g.copyId) !== g.sync.lock.holder.id) stuck++;
    for (const g of graders) {
      g.sync.socket?.close();
      g.sync.destroy();
    }
    const freeBy = Date.now() + (LOCK_GRACE_SEC + LOCK_LEASE_SEC + 5) * 1000;
    const live = () => db.copyLock.count({ where: { copyId: { in: graders.map((g) => g.copyId) }, expiresAt: { gt: new Date() } } });
    while (Date.now() < freeBy && (await live()) > 0) await sleep(500);
    stuck += await live();
    // every render finished (GRADED), the one the killed worker held included: its job is reclaimed
    // by the heartbeat rule (silent 90 s) at the next maintenance minute
    const renderDeadline = Date.now() + 240_000;
    const graded = () => db.copy.count({ where: { id: { in: renderCopies }, state: "GRADED" } });
    while (Date.now() < renderDeadline && (await graded()) < renderCopies.length) await sleep(1000);
    const rendersFinished = await graded();
    const acked = graders.reduce((n, g) => n + g.ackedIds.size, 0);
    return {
      lost,
      stuck_locks: stuck,
      crashed: crashed.length,
      kills,
      acked,
      diverged,
      graders: graders.length,
      pg_restarts: pgRestarts,
      worker_kills: workerKills,
      renders: renderCopies.length,
      renders_finished: rendersFinished,
    };
  } finally {
    for (const g of graders) {
      g.sync.socket?.close();
      g.sync.destroy();
    }
    for (const p of all) expectedExit.add(p.proc);
    await db.$disconnect();
    await cluster.stop();
    await dropDatabase().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
