// npm run bench:next-region [-- --quick]
// Grading by question: `N` → the next copy's region painted (cropped from its page image, prefetched)
// and interactive (the copy joined) in Chromium, 20 moves cold (copies never shown before) and 20
// warm (the next question on the same page). The same measure is part of bench:rubric (RESULT …
// next_region_ms=). Browser, server and PostgreSQL share the machine's cores: the numbers are upper bounds.
// Last line: RESULT next_region_ms=<cold p50> next_region_warm_ms=<warm p50> next_region_drawn_ms=<cold p50, painted>
import os from "node:os";
import { measureNextRegion } from "./lib/next-region.ts";

const quick = process.argv.includes("--quick");
const t0 = Date.now();
// --cold-only --wait-signal: as bench:rubric runs it (says NEXT_REGION_SET_UP, then waits for a line on stdin)
const waitSignal = process.argv.includes("--wait-signal");
const r = await measureNextRegion({
  quick,
  warm: !process.argv.includes("--cold-only"),
  beforeMoves: waitSignal
    ? () =>
        new Promise<void>((resolve) => {
          console.log("NEXT_REGION_SET_UP");
          process.stdin.once("data", () => resolve());
          process.stdin.once("end", () => resolve());
        })
    : undefined,
});
if (waitSignal) process.stdin.destroy();
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `p50 ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, p95 ${s[Math.min(s.length - 1, Math.floor(0.95 * s.length))]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
};
console.log(`seed (copies, page images as intake makes them): ${(r.seedMs / 1000).toFixed(1)} s`);
console.log(`cold samples (ms): ${r.samples.map((x) => x.toFixed(0)).join(" ")}`);
console.log(`cold N → interactive: ${stats(r.samples)}; N → painted p50 ${r.drawnP50.toFixed(0)} ms`);
console.log(`warm samples (ms): ${r.warmSamples.map((x) => x.toFixed(0)).join(" ")}`);
console.log(`warm N → interactive: ${stats(r.warmSamples)}; N → painted p50 ${r.warmDrawnP50.toFixed(0)} ms`);
console.log(
  `goal < 300 ms; load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}; run took ${((Date.now() - t0) / 1000).toFixed(0)} s`,
);
console.log(`RESULT next_region_ms=${r.p50.toFixed(0)} next_region_warm_ms=${r.warmP50.toFixed(0)} next_region_drawn_ms=${r.drawnP50.toFixed(0)}`);
