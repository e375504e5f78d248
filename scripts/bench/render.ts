// npm run bench:render [-- --quick]: final-PDF rendering throughput. Copies of 4 scan-like pages
// with 50 annotations each are rendered by 1 then 2 worker processes taking copies from one shared
// list; the peer does the same flattening with pdf-lib drawing only an annotation layer and qpdf
// (Debian: qpdf) overlaying it onto the scan.
// Then the real worker path, on a fresh database (created on DATABASE_URL's server, else on the
// embedded PostgreSQL): the same copies seeded READY with every score, finalized one transaction
// each by finalizeCopy (enqueuing render-copy; 4 at a time), timed from the first finalize until every copy is
// GRADED, with 1 then 2 `ROLE=worker` processes (graphile-worker, render thread, media store).
// Last line: RESULT copies_per_s=… copies_per_s_2workers=… renderer_copies_per_s=… peer_ratio=… peak_rss_mb=…
// (copies_per_s, the headline: the real path, finalize → queue → worker → GRADED, one worker process;
// copies_per_s_2workers: the same with 2; renderer_copies_per_s: the renderer alone in one process,
// reading the scan from a file and writing the PDF to a file, one copy at a time, exactly as the
// peer does; peer_ratio: renderer_copies_per_s ÷ the peer's copies/s).
import { execFile, fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { PDFDocument, StandardFonts } from "pdf-lib";
import pino from "pino";
import * as Y from "yjs";
import { addAnnotation, setGeneralComment, setScore, type Annotation } from "../../collab/index.ts";
import { createDb, type Db } from "../../server/db/client.ts";
import { applyMigrations } from "../../server/db/migrate.ts";
import { installQueueSchema } from "../../server/jobs/worker.ts";
import type { Actor } from "../../server/policy/actor.ts";
import { finalizeCopy } from "../../server/render/finalize-service.ts";
import { drawAnnotation } from "../../server/render/draw-annotations.ts";
import { renderPdf } from "../../server/render/render-pdf.ts";
import type { RenderInput } from "../../server/render/render-types.ts";
import { appendScoreSheet } from "../../server/render/score-sheet.ts";
import { scanLikeCopyPdf } from "../../server/seed/scan-like-pdf.ts";
import { MediaStore } from "../../server/storage/media-store.ts";
import { createUser } from "../../tests/helpers/factories.ts";
import { createCopy } from "../../tests/helpers/grading-factories.ts";
import { createSupervisedExam, type SupervisedExam } from "../../tests/helpers/supervision-factories.ts";
import { withDatabase } from "../lib/with-database.ts";
import { MemorySampler } from "./lib/process-memory.ts";

const PAGES = 4;
const ANNOTATIONS = 50;
const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), "../..");

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function annotationsFor(seed: number): Annotation[] {
  const r = rng(seed);
  const kinds = [
    "pen",
    "pen",
    "pen",
    "pen",
    "pen",
    "pen",
    "pen",
    "highlight",
    "highlight",
    "tick",
    "tick",
    "tick",
    "cross",
    "cross",
    "box",
    "text",
    "text",
    "stamp",
  ] as const;
  return Array.from({ length: ANNOTATIONS }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const common = {
      id: `a${i}`,
      page: i % PAGES,
      color: kind === "highlight" ? "#ffe600" : "#d00000",
      width: kind === "highlight" ? 0.02 : 0.003,
      author: "bench",
      createdAt: i,
    };
    const x = 0.05 + r() * 0.6;
    const y = 0.05 + r() * 0.8;
    if (kind === "pen" || kind === "highlight") {
      const n = kind === "pen" ? 30 + Math.floor(r() * 30) : 8;
      const points = Array.from({ length: n }, (_, k) => [Math.min(1, x + k * 0.006), Math.min(1, y + 0.02 * Math.sin(k / 3))]).flat();
      return { ...common, kind, points, ...(i % 3 === 0 ? { pressures: Array.from({ length: n }, () => 0.3 + r() * 0.7) } : {}) } as Annotation;
    }
    const box = { x, y, w: 0.3, h: 0.08 };
    if (kind === "text") return { ...common, kind, box, text: "Raisonnement juste, mais la conclusion manque : revoir l’énoncé « b »." } as Annotation;
    if (kind === "stamp") return { ...common, kind, box, text: "Très bien" } as Annotation;
    return { ...common, kind, box: { x, y, w: 0.06, h: 0.05 } } as Annotation;
  });
}

function inputFor(scan: Uint8Array, seed: number): RenderInput {
  return {
    sources: [scan],
    pages: Array.from({ length: PAGES }, (_, p) => ({ source: 0, sourcePage: p, rotation: 0, half: "FULL" as const })),
    annotations: annotationsFor(seed),
    questions: [
      { id: "q1a", label: "1.a", points: 3, max: 4 },
      { id: "q1b", label: "1.b", points: 4, max: 6 },
    ],
    sheet: {
      examTitle: "Bac blanc de mathématiques",
      anonymousCode: `BEN-${seed}`,
      studentName: "DUPONT Jean",
      rows: [
        { depth: 0, label: "Exercice 1", group: true, points: 7, max: 10 },
        { depth: 1, label: "1.a", group: false, points: 3, max: 4, comment: "Bien." },
        { depth: 1, label: "1.b", group: false, points: 4, max: 6 },
      ],
      total: 7,
      max: 10,
      general: "Travail sérieux.",
      graders: ["M. Paul Martin"],
      dateText: "20/11/2026",
    },
    meta: { title: `Bench ${seed}`, subject: "Mathématiques", keywords: ["Korrigo"], createdAt: Date.UTC(2026, 10, 20) },
  };
}

function load(dir: string, i: number): RenderInput {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, `copy-${i}.json`), "utf8")) as Omit<RenderInput, "sources">;
  return { ...meta, sources: [new Uint8Array(fs.readFileSync(path.join(dir, `copy-${i}.pdf`)))] };
}

// ---- child: a render worker process pulling copy indexes from the parent
async function child(dir: string) {
  let peak = process.memoryUsage().rss;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  await renderPdf(load(dir, 0));
  const coldMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) await renderPdf(load(dir, i)); // warm the JIT: a worker is long-lived
  const ask = () =>
    new Promise<number>((resolve) => {
      process.once("message", (m: { index: number }) => resolve(m.index));
      process.send!({ type: "next" });
    });
  let rendered = 0;
  let bytes = 0;
  const out = fs.mkdtempSync(path.join(dir, "ours-"));
  for (let i = await ask(); i >= 0; i = await ask()) {
    const pdf = await renderPdf(load(dir, i));
    fs.writeFileSync(path.join(out, `ours-${i}.pdf`), pdf); // the same I/O as the peer: read the scan, write the PDF
    bytes += pdf.byteLength;
    rendered++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(sample);
  process.send!({ type: "done", rendered, bytes, peak, coldMs }, () => process.exit(0));
}

// ---- parent
interface RunResult {
  seconds: number;
  rendered: number;
  peakMb: number;
  avgKb: number;
  coldMs: number;
}

async function runWorkers(dir: string, copies: number, workers: number): Promise<RunResult> {
  let next = 0;
  let start = 0;
  const waiting: ChildProcess[] = [];
  const hand = (c: ChildProcess) => c.send({ index: next < copies ? next++ : -1 });
  const children: ChildProcess[] = Array.from({ length: workers }, () =>
    fork(SELF, ["--child", dir], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const results = await Promise.all(
    children.map(
      (c) =>
        new Promise<{ rendered: number; bytes: number; peak: number; coldMs: number }>((resolve, reject) => {
          c.on("message", (m: { type: string; rendered: number; bytes: number; peak: number; coldMs: number }) => {
            if (m.type === "next") {
              if (start) return hand(c);
              waiting.push(c); // the clock starts once every worker is warm
              if (waiting.length === workers) {
                start = performance.now();
                waiting.splice(0).forEach(hand);
              }
            } else if (m.type === "done") resolve(m);
          });
          c.on("exit", (code) => (code ? reject(new Error(`render worker exited with ${code}`)) : undefined));
        }),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  const rendered = results.reduce((n, r) => n + r.rendered, 0);
  return {
    seconds,
    rendered,
    peakMb: Math.max(...results.map((r) => r.peak)) / 2 ** 20,
    avgKb: results.reduce((n, r) => n + r.bytes, 0) / rendered / 1024,
    coldMs: Math.max(...results.map((r) => r.coldMs)),
  };
}

/** The peer: pdf-lib draws the annotations alone on blank pages (+ the score sheet), qpdf overlays them onto the scan. */
async function peerCopy(dir: string, i: number, out: string): Promise<{ layerMs: number; qpdfMs: number; bytes: number }> {
  const t0 = performance.now();
  const input = load(dir, i);
  const scan = await PDFDocument.load(input.sources[0]!, { updateMetadata: false });
  const layer = await PDFDocument.create();
  const fonts = { regular: await layer.embedFont(StandardFonts.Helvetica), bold: await layer.embedFont(StandardFonts.HelveticaBold) };
  scan.getPages().forEach((p, n) => {
    const page = layer.addPage([p.getWidth(), p.getHeight()]);
    for (const a of input.annotations) if (a.page === n) drawAnnotation(page, a, fonts);
  });
  appendScoreSheet(layer, fonts, input.sheet);
  const layerFile = path.join(out, `layer-${i}.pdf`);
  fs.writeFileSync(layerFile, await layer.save());
  const t1 = performance.now();
  const result = path.join(out, `peer-${i}.pdf`);
  const scanFile = path.join(dir, `copy-${i}.pdf`);
  await promisify(execFile)("qpdf", [
    scanFile,
    "--overlay",
    layerFile,
    `--to=1-${PAGES}`,
    `--from=1-${PAGES}`,
    "--",
    "--pages",
    ".",
    layerFile,
    `${PAGES + 1}-z`,
    "--",
    result,
  ]);
  return { layerMs: t1 - t0, qpdfMs: performance.now() - t1, bytes: fs.statSync(result).size };
}

// ---- the real worker path: finalize (one transaction each, enqueuing render-copy) → graphile-worker
// in ROLE=worker processes → render thread → content-addressed PDF → GRADED, on a fresh database
interface WorkerPathRun {
  seconds: number;
  copies: number;
  finalizeSeconds: number;
  peakMb: number;
  avgKb: number;
}

const WORKER_STARTUP_MS = 90_000;
const FINALIZERS = 4;

function startWorkerProcess(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, ...env, ROLE: "worker" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err = (err + d.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(d);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start within ${WORKER_STARTUP_MS / 1000} s: ${err}`)), WORKER_STARTUP_MS);
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("Korrigo worker running")) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners("data");
        child.stdout!.resume();
        resolve(child);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code} while starting: ${err}`));
    });
  });
}

async function stopProcesses(procs: ChildProcess[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise((ok) => {
          if (p.exitCode !== null || p.signalCode !== null) return ok(null);
          p.once("exit", ok);
          p.kill("SIGTERM");
        }),
    ),
  );
}

/** A READY copy of PAGES pages of one stored scan, its document holding the bench's annotations and every score. */
async function seedCopy(db: Db, exam: SupervisedExam, scanRel: string, seed: number): Promise<string> {
  const copy = await createCopy(db, exam.id, { pages: 0 });
  await db.page.createMany({
    data: Array.from({ length: PAGES }, (_, p) => ({ copyId: copy.id, position: p, sourcePath: scanRel, sourcePage: p, widthPt: 595, heightPt: 842 })),
  });
  const doc = new Y.Doc();
  for (const a of annotationsFor(seed)) addAnnotation(doc, a);
  exam.leaves.forEach((l, i) => setScore(doc, l.id, (seed + i) % (l.maxPoints + 1)));
  setGeneralComment(doc, "Travail sérieux.");
  await db.copyDocUpdate.create({ data: { copyId: copy.id, data: Buffer.from(Y.encodeStateAsUpdate(doc)) } });
  doc.destroy();
  return copy.id;
}

/** Finalizes every copy (one transaction each) and waits until the exam's copies are all GRADED. */
async function finalizeAndWait(
  db: Db,
  listener: pg.Client,
  actor: Actor,
  examId: string,
  copyIds: string[],
): Promise<{ seconds: number; finalizeSeconds: number }> {
  const graded = new Set<string>();
  let failure: string | undefined;
  let done: () => void = () => {};
  const finished = new Promise<void>((ok) => (done = ok));
  const onEvent = (n: pg.Notification) => {
    const e = JSON.parse(n.payload ?? "{}") as { type?: string; examId?: string; copyId?: string; state?: string };
    if (e.type !== "copy:state" || e.examId !== examId) return;
    if (e.state === "GRADED") graded.add(e.copyId!);
    if (e.state === "RENDER_FAILED") failure ??= e.copyId;
    if (graded.size === copyIds.length || failure) done();
  };
  listener.on("notification", onEvent);
  try {
    const audit = { actorId: actor.id, actorName: "bench" };
    const t0 = performance.now();
    // FINALIZERS at a time, like several graders finishing together: one sequential loop would cap
    // the measurement at the finalize rate (each finalize decodes the document and hashes it)
    let next = 0;
    await Promise.all(
      Array.from({ length: FINALIZERS }, async () => {
        while (next < copyIds.length) {
          const id = copyIds[next++]!;
          const r = await finalizeCopy(db, actor, id, audit);
          if (r.state !== "FINALIZING" || r.alreadyFinalized) throw new Error(`finalize of ${id} answered ${JSON.stringify(r)}`);
        }
      }),
    );
    const finalizeSeconds = (performance.now() - t0) / 1000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${copyIds.length - graded.size} copies not GRADED after 10 min`)), 600_000))),
    ]);
    clearTimeout(timer);
    const seconds = (performance.now() - t0) / 1000;
    if (failure) {
      const c = await db.copy.findUnique({ where: { id: failure }, select: { renderError: true } });
      throw new Error(`copy ${failure} RENDER_FAILED: ${c?.renderError}`);
    }
    const notGraded = await db.copy.count({ where: { id: { in: copyIds }, state: { not: "GRADED" } } });
    if (notGraded) throw new Error(`${notGraded} copies are not GRADED`);
    return { seconds, finalizeSeconds };
  } finally {
    listener.off("notification", onEvent);
  }
}

async function workerPath(adminUrl: string, scans: Uint8Array[], copies: number, tmp: string): Promise<WorkerPathRun[]> {
  const dbName = `korrigo_bench_render_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dbUrl = url.toString();
  const dataDir = path.join(tmp, "data");
  const env = { DATABASE_URL: dbUrl, DATA_DIR: dataDir, SEED_DEMO: "false", LOG_LEVEL: "warn" };
  let db: Db | undefined;
  let listener: pg.Client | undefined;
  const procs: ChildProcess[] = [];
  try {
    await applyMigrations(dbUrl);
    await installQueueSchema(dbUrl, pino({ level: "warn" }));
    db = createDb(dbUrl, { max: FINALIZERS * 2 });
    const media = new MediaStore(path.join(dataDir, "media"));
    const scanRels = await Promise.all(scans.map(async (s) => (await media.putBytes("scans", s, "pdf")).rel));
    const supervisor = await createUser(db, "SUPERVISOR");
    const actor: Actor = { id: supervisor.id, role: supervisor.role, active: true };
    // one exam per run, and a small one to warm the workers' render threads before the clock starts
    const runs = [1, 2];
    const seeded: Array<{ exam: SupervisedExam; copyIds: string[]; warmExamId: string; warm: string[] }> = [];
    for (const w of runs) {
      const exam = await createSupervisedExam(db, { title: `Bench rendu ${w}`, codePrefix: `BR${w}` });
      const warmExam = await createSupervisedExam(db, { title: `Bench chauffe ${w}`, codePrefix: `BW${w}` });
      const warm: string[] = [];
      for (let i = 0; i < 4 * w; i++) warm.push(await seedCopy(db, warmExam, scanRels[i % scanRels.length]!, 10_000 + i));
      const copyIds: string[] = [];
      for (let i = 0; i < copies; i++) copyIds.push(await seedCopy(db, exam, scanRels[i % scanRels.length]!, i + 1));
      seeded.push({ exam, copyIds, warmExamId: warmExam.id, warm });
    }
    listener = new pg.Client({ connectionString: dbUrl });
    await listener.connect();
    await listener.query("LISTEN korrigo_events");

    const results: WorkerPathRun[] = [];
    for (const [k, w] of runs.entries()) {
      const { exam, copyIds, warmExamId, warm } = seeded[k]!;
      console.log(`Worker path: ${copies} copies, ${w} ROLE=worker process${w > 1 ? "es" : ""} …`);
      const started = await Promise.all(Array.from({ length: w }, () => startWorkerProcess(env)));
      procs.push(...started);
      const sampler = new MemorySampler(started.map((p, i) => ({ pid: p.pid!, label: `worker ${i + 1}` })));
      sampler.start();
      await finalizeAndWait(db, listener, actor, warmExamId, warm); // starts the render threads: a worker is long-lived
      const r = await finalizeAndWait(db, listener, actor, exam.id, copyIds);
      const mem = sampler.stop();
      const sizes = await db.renderedArtifact.aggregate({ where: { copyId: { in: copyIds } }, _avg: { sizeBytes: true } });
      results.push({
        ...r,
        copies,
        peakMb: Math.max(...mem.processes.filter((p) => p.label.startsWith("worker")).map((p) => p.peakMb)),
        avgKb: Number(sizes._avg.sizeBytes ?? 0) / 1024,
      });
      await stopProcesses(started);
    }
    return results;
  } finally {
    await stopProcesses(procs);
    await listener?.end().catch(() => {});
    await db?.$disconnect().catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

async function main() {
  const quick = process.argv.includes("--quick");
  const copies = quick ? 80 : 300;
  const distinctScans = quick ? 8 : 20;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-render-"));
  try {
    console.log(`Preparing ${copies} copies (${PAGES} scan-like pages, ${ANNOTATIONS} annotations each) …`);
    const scans = await Promise.all(Array.from({ length: distinctScans }, (_, s) => scanLikeCopyPdf({ pages: PAGES, seed: s + 1, studentName: `ÉLÈVE ${s}` })));
    for (let i = 0; i < copies; i++) {
      const scan = scans[i % distinctScans]!;
      const { sources: _sources, ...rest } = inputFor(scan, i + 1);
      fs.writeFileSync(path.join(dir, `copy-${i}.pdf`), scan);
      fs.writeFileSync(path.join(dir, `copy-${i}.json`), JSON.stringify(rest));
    }

    const one = await runWorkers(dir, copies, 1);
    const two = await runWorkers(dir, copies, 2);

    const peerDir = fs.mkdtempSync(path.join(dir, "peer-"));
    for (let i = 0; i < 3; i++) await peerCopy(dir, i, peerDir); // warm-up, as for our workers
    const peerN = Math.min(copies, quick ? 30 : 100);
    let layerMs = 0;
    let qpdfMs = 0;
    let peerBytes = 0;
    const p0 = performance.now();
    for (let i = 0; i < peerN; i++) {
      const r = await peerCopy(dir, i, peerDir);
      layerMs += r.layerMs;
      qpdfMs += r.qpdfMs;
      peerBytes += r.bytes;
    }
    const peerSeconds = (performance.now() - p0) / 1000;

    const workerCopies = quick ? 40 : 300;
    const [wp1, wp2] = await withDatabase((url) => workerPath(url, scans, workerCopies, dir));

    const rate = (n: number, s: number) => n / s;
    const rows = [
      ["korrigo render (pdf-lib, scan embedded as XObject)", 1, one.rendered, one.seconds, rate(one.rendered, one.seconds), one.peakMb, one.avgKb],
      ["korrigo render (pdf-lib, scan embedded as XObject)", 2, two.rendered, two.seconds, rate(two.rendered, two.seconds), two.peakMb, two.avgKb],
      ["peer: pdf-lib annotation layer + qpdf --overlay", 1, peerN, peerSeconds, rate(peerN, peerSeconds), NaN, peerBytes / peerN / 1024],
      ["worker path: finalize → graphile-worker → GRADED", 1, wp1!.copies, wp1!.seconds, rate(wp1!.copies, wp1!.seconds), wp1!.peakMb, wp1!.avgKb],
      ["worker path: finalize → graphile-worker → GRADED", 2, wp2!.copies, wp2!.seconds, rate(wp2!.copies, wp2!.seconds), wp2!.peakMb, wp2!.avgKb],
    ] as const;
    console.log("");
    console.log(
      `${"renderer".padEnd(52)} ${"workers".padStart(7)} ${"copies".padStart(6)} ${"seconds".padStart(8)} ${"copies/s".padStart(9)} ${"/worker".padStart(8)} ${"peak RSS MB".padStart(11)} ${"avg KB".padStart(7)}`,
    );
    for (const [name, w, n, s, cps, rss, kb] of rows) {
      console.log(
        `${name.padEnd(52)} ${String(w).padStart(7)} ${String(n).padStart(6)} ${s.toFixed(2).padStart(8)} ${cps.toFixed(1).padStart(9)} ${(cps / w).toFixed(1).padStart(8)} ${(Number.isNaN(rss) ? "-" : rss.toFixed(0)).padStart(11)} ${kb.toFixed(0).padStart(7)}`,
      );
    }
    console.log(
      `\npeer per copy: ${(layerMs / peerN).toFixed(1)} ms building the layer with pdf-lib + ${(qpdfMs / peerN).toFixed(1)} ms in qpdf (process spawn included)`,
    );
    console.log(`first (cold) render in a fresh worker: ${one.coldMs.toFixed(0)} ms; ${os.cpus().length} CPU cores`);
    const ours = rate(one.rendered, one.seconds);
    const peer = rate(peerN, peerSeconds);
    console.log(
      `worker path: the ${workerCopies} finalize transactions took ${wp1!.finalizeSeconds.toFixed(2)} s / ${wp2!.finalizeSeconds.toFixed(2)} s (1 / 2 workers), rendering overlapping; render threads warmed first; peak RSS per worker process`,
    );
    console.log(
      `headline: the real path (finalize → queue → worker → GRADED) ${rate(wp1!.copies, wp1!.seconds).toFixed(1)} copies/s with one worker process; the renderer alone (files in, files out, like the peer) ${ours.toFixed(1)} copies/s`,
    );
    console.log(
      `RESULT copies_per_s=${rate(wp1!.copies, wp1!.seconds).toFixed(1)} copies_per_s_2workers=${rate(wp2!.copies, wp2!.seconds).toFixed(1)} renderer_copies_per_s=${ours.toFixed(1)} peer_ratio=${(ours / peer).toFixed(2)} peak_rss_mb=${Math.max(one.peakMb, two.peakMb).toFixed(0)}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!);
else await main();
