// npm run bench:intake [-- --quick] [-- --pages N] [-- --roles all|split] [-- --cpu-prof DIR (the worker's CPU profile, written when it stops)]
//   [-- --build: the processes run the production build under plain node with the image's environment
//   (MALLOC_ARENA_MAX from docker/Dockerfile), as deployed, instead of the sources through tsx]
// A scan-like batch (2-page copies, one ~150 KB JPEG per page like a 150-dpi scan) is uploaded over
// HTTP to a real Korrigo (server + worker processes on PostgreSQL) and split into copies. Reports
// pages/s from the first byte uploaded to the batch DONE, then to every page's images made (the
// worker rasterizes each page into its thumbnail and reading image once the copies are formed:
// what a grader's desk shows), and the peak RSS of every process.
// Goal: 600 pages in < 30 s (≥ 20 pages/s) with the images included, peak RSS < 500 MB.
// JPEGs: no image library is installed, so scripts/bench/lib/gray-jpeg.ts encodes a few seeds and
// every page gets its own bytes through a distinct COM segment (no dedup helps the system).
import type { ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { hashPassword } from "../../server/auth/password-hash.ts";
import { MemorySampler, selfPeakMb } from "./lib/process-memory.ts";
import { freePort, Session, startRole, stopAll, uploadFile, waitReady } from "./lib/app-process.ts";
import { scanJpegs, varyJpeg } from "./lib/scan-page.ts";
import { compileBuild } from "../lib/cluster.ts";
import { imageEnvironment } from "../lib/image-runtime.ts";
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES = Number(opt("--pages") ?? (quick ? 120 : 600));
const ROLES = (opt("--roles") ?? "split") as "all" | "split";
const CPU_PROF = opt("--cpu-prof");
const BUILD = args.includes("--build");
const ADMIN_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const A4: [number, number] = [595.28, 841.89];

const log = (m: string) => console.log(`[bench:intake] ${m}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function buildBatch(file: string): Promise<{ bytes: number; ms: number }> {
  const t = Date.now();
  const seeds = scanJpegs(quick ? 3 : 6);
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Courier);
  for (let i = 0; i < PAGES; i++) {
    const img = await pdf.embedJpg(varyJpeg(seeds[i % seeds.length]!, `korrigo-bench page ${i} ${crypto.randomUUID()}`));
    const page = pdf.addPage(A4);
    page.drawImage(img, { x: 0, y: 0, width: A4[0], height: A4[1] });
    page.drawText(`copie ${Math.floor(i / 2) + 1} — page ${(i % 2) + 1}`.replace("—", "-"), { x: 40, y: 20, size: 8, font });
  }
  const bytes = await pdf.save({ useObjectStreams: false });
  fs.writeFileSync(file, bytes);
  return { bytes: bytes.length, ms: Date.now() - t };
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-intake-"));
  const dbName = `korrigo_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const procs: ChildProcess[] = [];
  let listener: pg.Client | undefined;
  try {
    log(`generating a ${PAGES}-page scan-like batch (${PAGES / 2} copies × 2 pages) …`);
    const file = path.join(tmp, "batch.pdf");
    const gen = await buildBatch(file);
    log(`${(gen.bytes / 1024 / 1024).toFixed(1)} MB, ${Math.round(gen.bytes / PAGES / 1024)} KB/page, in ${seconds(gen.ms)}`);

    let entry: string | undefined;
    const imageEnv = BUILD ? imageEnvironment() : {}; // the environment the production image gives every process
    if (BUILD) {
      const t = Date.now();
      entry = compileBuild(path.resolve("dist", `intake-build-${process.pid}`));
      log(`production build compiled in ${seconds(Date.now() - t)}: the processes run it under plain node`);
    }
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: dbUrl.toString(),
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: base,
      DATA_DIR: path.join(tmp, "data"),
      SEED_DEMO: "false",
      LOG_LEVEL: "warn",
      ...imageEnv,
    };
    if (ROLES === "all") procs.push(startRole("all", env, [], entry));
    else {
      procs.push(startRole("server", env, [], entry));
      await waitReady(base);
      procs.push(startRole("worker", env, CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${CPU_PROF}`] : [], entry));
    }
    await waitReady(base);
    const labels = ROLES === "all" ? ["server+worker"] : ["server", "worker"];
    const sampler = new MemorySampler(
      procs.map((p, i) => ({ pid: p.pid!, label: labels[i]! })),
      (cmd) => (cmd.includes("pdf-inspect-child") ? "PDF checker" : null),
    );
    sampler.start();

    const db = new pg.Client({ connectionString: dbUrl.toString() });
    await db.connect();
    await db.query(
      `INSERT INTO "User" (id, username, "displayName", role, "passwordHash", "updatedAt") VALUES ($1, 'bench-admin', 'Bench', 'ADMIN', $2, now())`,
      [crypto.randomUUID(), await hashPassword("Bench-admin-password-1")],
    );
    await db.end();
    const s = new Session(base);
    await s.json("POST", "/api/auth/login", { username: "bench-admin", password: "Bench-admin-password-1" });
    const { exam } = await s.json("POST", "/api/exams", { title: "Bench intake" });

    listener = new pg.Client({ connectionString: dbUrl.toString() });
    await listener.connect();
    let done: (() => void) | undefined;
    const finished = new Promise<void>((ok) => (done = ok));
    let firstProgress = 0;
    type Images = { ready: number; failed: number; total: number };
    const settled = (p: Images) => p.total === PAGES && p.ready + p.failed === p.total;
    let images: Images = { ready: 0, failed: 0, total: 0 };
    let imagedAt = 0; // when every page's images were made (the live event, or the batch view below)
    listener.on("notification", (n) => {
      const e = JSON.parse(n.payload!) as { type?: string; status: string; processed: number; total: number; ready?: number; failed?: number };
      if (e.type === "batch:images") {
        images = { ready: e.ready ?? 0, failed: e.failed ?? 0, total: e.total };
        if (!imagedAt && settled(images)) imagedAt = Date.now();
        return;
      }
      if (!firstProgress && e.status === "PROCESSING") firstProgress = Date.now();
      if (e.status === "DONE" || e.status === "FAILED") done!();
      if (e.status === "FAILED") log("the batch FAILED");
    });
    await listener.query("LISTEN korrigo_events");

    log(`uploading over HTTP to ${ROLES === "all" ? "one process (server + worker)" : "a server process; a worker process splits"} …`);
    const t0 = Date.now();
    const up = await uploadFile(s, `/api/exams/${exam.id}/batches`, file, { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" });
    const t1 = Date.now();
    if (up.status !== 202) throw new Error(`upload refused: ${up.status} ${up.body}`);
    const batchId = (JSON.parse(up.body) as { batches: Array<{ id: string }> }).batches[0]!.id;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("split did not finish within 10 min")), 600_000)))]);
    clearTimeout(timer);
    const t2 = Date.now();
    const batch = (await s.json("GET", `/api/exams/${exam.id}/batches/${batchId}`)).batch;
    if (batch.status !== "DONE" || batch.copies !== PAGES / 2) throw new Error(`unexpected batch: ${JSON.stringify(batch)}`);
    // the page images: the live event, or the batch view's count (the event may have passed before the split's end)
    log(`split DONE in ${seconds(t2 - t0)}; waiting for the page images …`);
    const imagesDeadline = Date.now() + 600_000;
    while (!imagedAt) {
      const p = (await s.json("GET", `/api/exams/${exam.id}/batches/${batchId}`)).batch.images as Images;
      if (!imagedAt && settled(p)) [images, imagedAt] = [p, Date.now()];
      else if (Date.now() > imagesDeadline) throw new Error("images not made within 10 min");
      else await new Promise((r) => setTimeout(r, 100));
    }
    const t3 = imagedAt;
    const mem = sampler.stop();

    const total = t2 - t0;
    const rows: Array<[string, string]> = [
      ["pages / copies", `${PAGES} / ${batch.copies}`],
      ["batch size", `${(gen.bytes / 1024 / 1024).toFixed(1)} MB`],
      ["upload + checks (HTTP 202)", seconds(t1 - t0)],
      ["queue → first progress", firstProgress ? seconds(firstProgress - t1) : "-"],
      ["split (202 → DONE)", seconds(t2 - t1)],
      ["total (first byte → DONE)", seconds(total)],
      ["pages/s (total)", (PAGES / (total / 1000)).toFixed(1)],
      ["pages/s (split only)", (PAGES / ((t2 - t1) / 1000)).toFixed(1)],
      ["images made (DONE → last page's images)", `${seconds(t3 - t2)} (${images.ready} pages, ${images.failed} failed)`],
      ["total with images (first byte → images)", seconds(t3 - t0)],
      ["pages/s with images (total)", (PAGES / ((t3 - t0) / 1000)).toFixed(1)],
    ];
    for (const p of mem.processes.sort((a, b) => b.peakMb - a.peakMb)) rows.push([`peak RSS ${p.label} (pid ${p.pid})`, `${p.peakMb.toFixed(0)} MB`]);
    rows.push(["peak RSS, Korrigo processes together", `${mem.treePeakMb.toFixed(0)} MB`]);
    rows.push(["peak RSS, this bench (generator + client)", `${selfPeakMb().toFixed(0)} MB`]);
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`\n${"metric".padEnd(w)}  value\n${"-".repeat(w)}  ${"-".repeat(12)}`);
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
    const peak = Math.max(...mem.processes.map((p) => p.peakMb));
    const pps = PAGES / (total / 1000);
    const withImages = PAGES / ((t3 - t0) / 1000);
    console.log(
      `\ngoal: ≥ 20 pages/s with the images and < 500 MB per process → ${withImages >= 20 && peak < 500 ? "met" : "NOT met"}; load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    console.log(
      `RESULT runtime=${BUILD ? "build" : "tsx"} pages_per_s_with_images=${withImages.toFixed(1)} pages_per_s=${pps.toFixed(1)} peak_rss_mb=${peak.toFixed(0)} pages=${PAGES} image_failures=${images.failed}`,
    );
  } finally {
    await listener?.end().catch(() => {});
    await stopAll(procs);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => {});
    await admin.end();
    fs.rmSync(tmp, { recursive: true, force: true });
    if (BUILD) fs.rmSync(path.resolve("dist", `intake-build-${process.pid}`), { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`[bench:intake] failed: ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
