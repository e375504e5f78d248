// npm run soak [-- --quick | --minutes N] [--heap-snapshots DIR] [--samples FILE] [--tsx | --build]: the grading loop on the local
// cluster for a long time while every process is sampled; fits memory growth over the second half
// (docs/operations.md). A timed run (--minutes) runs the production build under plain node, as
// deployed (compiled first, ~1–2 min); --quick runs the sources through tsx, as `npm start` does.
// Last line: RESULT runtime=build|tsx minutes= rss_growth_pct_per_hour= heap_growth_pct_per_hour= rss_growth_ci95= heap_growth_ci95=
// heap_nojit_growth_pct_per_hour= heap_nojit_growth_ci95= (the live heap without V8's code, bytecode and metadata) lag_p99_ms= fds_end= pg_conns_end= lost=
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { compileBuild } from "./lib/cluster.ts";
import { runSoak } from "./soak/lib/run.ts";
import { MEMORY_KINDS } from "./soak/lib/memory-map.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const minutesArg = args.indexOf("--minutes") >= 0 ? Number(args[args.indexOf("--minutes") + 1]) : undefined;
const minutes = minutesArg ?? (quick ? 0.4 : 10);
if (!(minutes > 0)) throw new Error("--minutes wants a positive number");
const heapSnapshotDir = args.indexOf("--heap-snapshots") >= 0 ? args[args.indexOf("--heap-snapshots") + 1] : undefined;
const samplesFile = args.indexOf("--samples") >= 0 ? args[args.indexOf("--samples") + 1] : undefined;
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
console.log(`load average at start: ${load()}`);
const runtime = args.includes("--tsx") ? "tsx" : args.includes("--build") || !quick ? "build" : "tsx";
// inside the repository, as dist/app is: the build finds package.json, prisma/ and node_modules above it
const buildDir = runtime === "build" ? path.resolve("dist", `soak-build-${process.pid}`) : null;
let serverEntry: string | undefined;
if (buildDir) {
  const t = Date.now();
  serverEntry = compileBuild(buildDir);
  console.log(
    `production build compiled in ${((Date.now() - t) / 1000).toFixed(0)} s: the cluster runs ${path.relative(process.cwd(), serverEntry)} under plain node`,
  );
} else console.log("the cluster runs the sources through tsx (npm start)");
const r = await runSoak({
  ...(serverEntry ? { serverEntry } : {}),
  durationMs: minutes * 60_000,
  graders: quick ? 4 : 12,
  supervisors: quick ? 1 : 2,
  editEveryMs: 700,
  sampleEveryMs: quick ? 2000 : 5000,
  restartEveryMs: quick ? 10_000 : Math.min(5 * 60_000, (minutes * 60_000) / 3),
  heapSnapshotDir,
  samplesFile,
  log: (m) => console.log(m),
}).catch((e: unknown) => {
  if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true }); // a run that failed leaves no build behind
  throw e;
});
const f = (v: number | null, d = 1) => (v === null || !Number.isFinite(v) ? "-" : v.toFixed(d));
console.log("\nprocess     steady  rss MB (½→end)  rss %/h (±95 %)  heap MB (½→end)  heap %/h (±95 %) lag p99 ms (median/max)  fds (½→end)  pg conns (½→end)");
for (const p of r.processes) {
  console.log(
    `${p.label.padEnd(11)} ${String(p.steady).padEnd(7)} ${`${f(p.rssStartMb, 0)}→${f(p.rssEndMb, 0)}`.padEnd(15)} ${`${f(p.rssGrowthPctPerHour)}±${f(p.rssGrowthCi95)}`.padEnd(16)} ${`${f(p.heapStartMb, 0)}→${f(p.heapEndMb, 0)}`.padEnd(16)} ${`${f(p.heapGrowthPctPerHour)}±${f(p.heapGrowthCi95)}`.padEnd(16)} ${`${f(p.lagP99MedianMs)}/${f(p.lagP99MaxMs)}`.padEnd(24)} ${`${p.fdsHalf}→${p.fdsEnd}`.padEnd(12)} ${p.pgConnsHalf}→${p.pgConnsEnd}`,
  );
}
const c = r.counters;
console.log(
  `\nsign-ins=${c.signIns} sign-outs=${c.signOuts} joins=${c.joins} edits=${c.edits} acked=${r.acked} finalized=${c.finalized} rendered=${r.rendered} render_failed=${r.renderFailed} finalizing_left=${r.finalizingLeft} drops=${c.drops} watches=${c.watches} dashboard_reads=${c.dashboardReads} restarts=${r.restarts} exams=${r.exams} crashed=${r.crashed.join(",") || 0}`,
);
console.log(`errors: ${JSON.stringify(c.errors)}`);
// what of the live heap is V8's compiled code: it grows while functions get hot, bounded by their number
for (const p of r.processes.filter((p) => p.codeEndMb !== null))
  console.log(
    `${p.label}: code in the live heap ${f(p.codeStartMb, 2)}→${f(p.codeEndMb, 2)} MB (½→end); the live heap without it ${f(p.heapNoCodeGrowthPctPerHour)}±${f(p.heapNoCodeGrowthCi95)} %/h` +
      (p.jitEndMb === null
        ? ""
        : `; with bytecode and metadata ${f(p.jitStartMb, 2)}→${f(p.jitEndMb, 2)} MB, the live heap without them ${f(p.heapNoJitGrowthPctPerHour)}±${f(p.heapNoJitGrowthCi95)} %/h`),
  );
// what of the RSS is outside V8's heap (native memory), and how much the young generation moved: RSS that jumps while the live heap is flat
for (const p of r.processes.filter((p) => p.nativeEndMb !== null))
  console.log(
    `${p.label}: RSS outside V8's heap ${f(p.nativeStartMb)}→${f(p.nativeEndMb)} MB (½→end), ${f(p.nativeGrowthPctPerHour)}±${f(p.nativeGrowthCi95)} %/h; V8's young generation ${f(p.newSpaceMinMb)}–${f(p.newSpaceMaxMb)} MB; threads ${f(p.threadsMin, 0)}–${f(p.threadsMax, 0)}`,
  );
// where the RSS is, by kind of mapping: a climb outside V8's heap is malloc's, a worker thread's heap, or JIT code
for (const p of r.processes.filter((p) => p.map !== null)) {
  const m = p.map!;
  console.log(`${p.label}: RSS by mapping (½→end, MB): ${MEMORY_KINDS.map(([k, name]) => `${name} ${f(m[k].startMb)}→${f(m[k].endMb)}`).join(", ")}`);
}
console.log(`load average at end: ${load()} (shared machine: figures are noisy)`);
console.log(
  `RESULT runtime=${runtime} minutes=${r.minutes.toFixed(1)} rss_growth_pct_per_hour=${f(r.rssGrowthPctPerHour, 2)} heap_growth_pct_per_hour=${f(r.heapGrowthPctPerHour, 2)} rss_growth_ci95=${f(r.rssGrowthCi95, 2)} heap_growth_ci95=${f(r.heapGrowthCi95, 2)} heap_nojit_growth_pct_per_hour=${f(r.heapNoJitGrowthPctPerHour, 2)} heap_nojit_growth_ci95=${f(r.heapNoJitGrowthCi95, 2)} lag_p99_ms=${f(r.lagP99Ms)} fds_end=${r.fdsEnd} pg_conns_end=${r.pgConnsEnd} lost=${r.lost}`,
);
if (buildDir) fs.rmSync(buildDir, { recursive: true, force: true });
process.exit(r.lost || r.crashed.length ? 1 : 0);
