// npm run bench:raster [-- --rounds N] [-- --threads N]
// Rasterization alone (issue 14), without a database or a server: the pages of copy_12p_heavy.pdf
// (vector pages) and of scan-like pages (150-dpi grey JPEGs, each its own, as bench:intake uploads) go
// through a RasterPool like the worker's, thumbnail + reading size as at intake. Reports, per
// fixture: pages/s with a cold pool (threads started inside the measure, as bench:desk does) and
// warm, the process's CPU time per page (steadier than wall time on a shared machine: 2 cores
// can draw at most 2000 / cpu_ms pages/s), and the bytes per page of each variant.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { RASTER_THREADS, RasterPool } from "../../server/imaging/raster-pool.ts";
import type { RasterRequest } from "../../server/imaging/rasterize-page.ts";
import { scanJpegs } from "./lib/scan-page.ts";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUNDS = Number(opt("--rounds") ?? 3);
const THREADS = Number(opt("--threads") ?? RASTER_THREADS);
const HEAVY = path.resolve(import.meta.dirname, "../../tests/fixtures/korrigo/copy_12p_heavy.pdf");

/** `pages` scan-like pages, each its own JPEG (a batch's pages never share an image: none is decoded once for several). */
async function scanPdf(dir: string, pages: number): Promise<string> {
  const pdf = await PDFDocument.create();
  for (const jpeg of scanJpegs(pages)) {
    const img = await pdf.embedJpg(jpeg);
    pdf.addPage([595.28, 841.89]).drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
  }
  const file = path.join(dir, "scan.pdf");
  fs.writeFileSync(file, await pdf.save());
  return file;
}

function requests(file: string, pages: number, copies: number): RasterRequest[] {
  return Array.from({ length: pages * copies }, (_, i) => ({
    file,
    sourcePage: i % pages,
    rotation: 0,
    half: "FULL",
    outputs: [
      { variant: "thumb" as const, zones: null },
      { variant: "read" as const, zones: null },
    ],
  }));
}

/** Every request through the pool, pool.size + 1 at once (as makeExamImages does). */
async function run(pool: RasterPool, reqs: RasterRequest[]) {
  const bytes: Record<string, number> = {};
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: pool.size + 1 }, async () => {
      while (next < reqs.length) {
        for (const o of await pool.rasterize(reqs[next++]!)) bytes[o.variant] = (bytes[o.variant] ?? 0) + o.bytes.length;
      }
    }),
  );
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: reqs.length / (ms / 1000),
    cpuMsPerPage: (cpu.user + cpu.system) / 1000 / reqs.length,
    kbPerPage: Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, +(v / reqs.length / 1024).toFixed(1)])),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-bench-raster-"));
  try {
    const fixtures = { heavy: requests(HEAVY, 12, 2), scan: requests(await scanPdf(tmp, 24), 24, 1) };
    const result: string[] = [];
    for (const [name, reqs] of Object.entries(fixtures)) {
      const cold: number[] = [];
      const warm: Array<Awaited<ReturnType<typeof run>>> = [];
      for (let r = 0; r < ROUNDS; r++) {
        const pool = new RasterPool({ size: THREADS, timeoutMs: 120_000 });
        try {
          cold.push((await run(pool, reqs)).perSecond);
          warm.push(await run(pool, reqs));
        } finally {
          await pool.close();
        }
      }
      const w = warm.sort((a, b) => a.perSecond - b.perSecond)[Math.floor(warm.length / 2)]!;
      console.log(
        `${name.padEnd(6)} ${reqs.length} pages, ${THREADS} threads: cold ${median(cold).toFixed(1)} pages/s, warm ${w.perSecond.toFixed(1)} pages/s, ` +
          `cpu ${median(warm.map((x) => x.cpuMsPerPage)).toFixed(0)} ms/page, kB/page ${JSON.stringify(w.kbPerPage)}`,
      );
      result.push(
        `${name}_cold_pages_per_s=${median(cold).toFixed(1)} ${name}_warm_pages_per_s=${w.perSecond.toFixed(1)} ${name}_cpu_ms_per_page=${median(warm.map((x) => x.cpuMsPerPage)).toFixed(0)} ${name}_read_kb=${w.kbPerPage.read} ${name}_thumb_kb=${w.kbPerPage.thumb}`,
      );
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")}`,
    );
    console.log(`RESULT ${result.join(" ")}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
