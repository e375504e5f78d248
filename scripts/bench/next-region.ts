// npm run bench:next-region [-- --quick]
// Grading by question: `N` → the next copy's region drawn in Chromium (with prefetch), 20 moves.
// The same measure is part of bench:rubric (RESULT … next_region_ms=). Browser, server and
// PostgreSQL share the machine's cores: the numbers are upper bounds.
// Last line: RESULT next_region_ms=<p50>
import os from "node:os";
import { measureNextRegion } from "./lib/next-region.ts";

const quick = process.argv.includes("--quick");
const t0 = Date.now();
const r = await measureNextRegion({ quick });
const sorted = [...r.samples].sort((a, b) => a - b);
console.log(`samples (ms): ${r.samples.map((x) => x.toFixed(0)).join(" ")}`);
console.log(`p50 ${r.p50.toFixed(0)} ms, p95 ${sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]!.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; goal < 300 ms; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}; run took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
console.log(`RESULT next_region_ms=${r.p50.toFixed(0)}`);
