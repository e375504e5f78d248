// npm run bench:render [-- --quick]: final-PDF rendering throughput. Copies of 4 scan-like pages
// with 50 annotations each are rendered by 1 then 2 worker processes taking copies from one shared
// list; the peer does the same flattening with pdf-lib drawing only an annotation layer and qpdf
// (Debian: qpdf) overlaying it onto the scan. Last line: RESULT copies_per_s=… peak_rss_mb=… peer_ratio=…
// (copies_per_s: one worker; peer_ratio: our copies/s ÷ the peer's, both one process).
import { execFile, fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { Annotation } from "../../collab/index.ts";
import { drawAnnotation } from "../../server/render/draw-annotations.ts";
import { renderPdf } from "../../server/render/render-pdf.ts";
import type { RenderInput } from "../../server/render/render-types.ts";
import { appendScoreSheet } from "../../server/render/score-sheet.ts";
import { scanLikeCopyPdf } from "../../server/seed/scan-like-pdf.ts";

const PAGES = 4;
const ANNOTATIONS = 50;
const SELF = fileURLToPath(import.meta.url);

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function annotationsFor(seed: number): Annotation[] {
  const r = rng(seed);
  const kinds = ["pen", "pen", "pen", "pen", "pen", "pen", "pen", "highlight", "highlight", "tick", "tick", "tick", "cross", "cross", "box", "text", "text", "stamp"] as const;
  return Array.from({ length: ANNOTATIONS }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    const common = { id: `a${i}`, page: i % PAGES, color: kind === "highlight" ? "#ffe600" : "#d00000", width: kind === "highlight" ? 0.02 : 0.003, author: "bench", createdAt: i };
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
    questions: [{ id: "q1a", label: "1.a", points: 3, max: 4 }, { id: "q1b", label: "1.b", points: 4, max: 6 }],
    sheet: {
      examTitle: "Bac blanc de mathématiques", anonymousCode: `BEN-${seed}`, studentName: "DUPONT Jean",
      rows: [{ depth: 0, label: "Exercice 1", group: true, points: 7, max: 10 }, { depth: 1, label: "1.a", group: false, points: 3, max: 4, comment: "Bien." }, { depth: 1, label: "1.b", group: false, points: 4, max: 6 }],
      total: 7, max: 10, general: "Travail sérieux.", graders: ["M. Paul Martin"], dateText: "20/11/2026",
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
  const ask = () => new Promise<number>((resolve) => {
    process.once("message", (m: { index: number }) => resolve(m.index));
    process.send!({ type: "next" });
  });
  let rendered = 0;
  let bytes = 0;
  for (let i = await ask(); i >= 0; i = await ask()) {
    bytes += (await renderPdf(load(dir, i))).byteLength;
    rendered++;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(sample);
  process.send!({ type: "done", rendered, bytes, peak, coldMs }, () => process.exit(0));
}

// ---- parent
interface RunResult { seconds: number; rendered: number; peakMb: number; avgKb: number; coldMs: number }

async function runWorkers(dir: string, copies: number, workers: number): Promise<RunResult> {
  let next = 0;
  let start = 0;
  const waiting: ChildProcess[] = [];
  const hand = (c: ChildProcess) => c.send({ index: next < copies ? next++ : -1 });
  const children: ChildProcess[] = Array.from({ length: workers }, () => fork(SELF, ["--child", dir], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] }));
  const results = await Promise.all(
    children.map((c) => new Promise<{ rendered: number; bytes: number; peak: number; coldMs: number }>((resolve, reject) => {
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
    })),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
  const rendered = results.reduce((n, r) => n + r.rendered, 0);
  return { seconds, rendered, peakMb: Math.max(...results.map((r) => r.peak)) / 2 ** 20, avgKb: results.reduce((n, r) => n + r.bytes, 0) / rendered / 1024, coldMs: Math.max(...results.map((r) => r.coldMs)) };
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
  await promisify(execFile)("qpdf", [scanFile, "--overlay", layerFile, `--to=1-${PAGES}`, `--from=1-${PAGES}`, "--", "--pages", ".", layerFile, `${PAGES + 1}-z`, "--", result]);
  return { layerMs: t1 - t0, qpdfMs: performance.now() - t1, bytes: fs.statSync(result).size };
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

    const rate = (n: number, s: number) => n / s;
    const rows = [
      ["korrigo render (pdf-lib, scan embedded as XObject)", 1, one.rendered, one.seconds, rate(one.rendered, one.seconds), one.peakMb, one.avgKb],
      ["korrigo render (pdf-lib, scan embedded as XObject)", 2, two.rendered, two.seconds, rate(two.rendered, two.seconds), two.peakMb, two.avgKb],
      ["peer: pdf-lib annotation layer + qpdf --overlay", 1, peerN, peerSeconds, rate(peerN, peerSeconds), NaN, peerBytes / peerN / 1024],
    ] as const;
    console.log("");
    console.log(`${"renderer".padEnd(52)} ${"workers".padStart(7)} ${"copies".padStart(6)} ${"seconds".padStart(8)} ${"copies/s".padStart(9)} ${"/worker".padStart(8)} ${"peak RSS MB".padStart(11)} ${"avg KB".padStart(7)}`);
    for (const [name, w, n, s, cps, rss, kb] of rows) {
      console.log(`${name.padEnd(52)} ${String(w).padStart(7)} ${String(n).padStart(6)} ${s.toFixed(2).padStart(8)} ${cps.toFixed(1).padStart(9)} ${(cps / w).toFixed(1).padStart(8)} ${(Number.isNaN(rss) ? "-" : rss.toFixed(0)).padStart(11)} ${kb.toFixed(0).padStart(7)}`);
    }
    console.log(`\npeer per copy: ${(layerMs / peerN).toFixed(1)} ms building the layer with pdf-lib + ${(qpdfMs / peerN).toFixed(1)} ms in qpdf (process spawn included)`);
    console.log(`first (cold) render in a fresh worker: ${one.coldMs.toFixed(0)} ms; ${os.cpus().length} CPU cores`);
    const ours = rate(one.rendered, one.seconds);
    const peer = rate(peerN, peerSeconds);
    console.log(`RESULT copies_per_s=${ours.toFixed(1)} peak_rss_mb=${Math.max(one.peakMb, two.peakMb).toFixed(0)} peer_ratio=${(ours / peer).toFixed(2)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child(process.argv[3]!);
else await main();
