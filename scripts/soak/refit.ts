// npx tsx scripts/soak/refit.ts SAMPLES.json [--until-min M]
// The soak's verdict again from the series a run wrote (--samples): as if the run had stopped at
// minute M (default: its end), so a long run also tells what its first 30 minutes would have said.
// Same fit as the run itself (report.ts: window floors over the second half); steady processes only
// (a restarted node's series starts afresh and is left out, as the run leaves it out).
import fs from "node:fs";
import { fitWindowMs, summarize } from "./lib/report.ts";
import type { Point } from "./lib/sampler.ts";

const [file, ...rest] = process.argv.slice(2);
if (!file) throw new Error("usage: refit.ts SAMPLES.json [--until-min M] [--sample-every-ms 5000]");
const opt = (name: string) => (rest.indexOf(name) >= 0 ? Number(rest[rest.indexOf(name) + 1]) : undefined);
const series = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Point[]>;
const sampleEveryMs = opt("--sample-every-ms") ?? 5000;
const lastT = Math.max(...Object.values(series).flatMap((ps) => ps.map((p) => p.t)));
const untilMs = (opt("--until-min") ?? lastT / 60_000) * 60_000;
const windowMs = fitWindowMs(sampleEveryMs, untilMs);
const f = (v: number | null) => (v === null ? "-" : v.toFixed(2));
for (const [label, points] of Object.entries(series)) {
  const upTo = points.filter((p) => p.t <= untilMs);
  const restarted = new Set(upTo.map((p) => p.pid)).size > 1;
  const s = summarize(label, upTo, !restarted, windowMs);
  if (!s) continue;
  console.log(
    `${label.padEnd(10)} until ${(untilMs / 60_000).toFixed(1)} min${restarted ? " (restarted: not fitted)" : ""}: rss ${f(s.rssStartMb)}→${f(s.rssEndMb)} MB ${f(s.rssGrowthPctPerHour)} ± ${f(s.rssGrowthCi95)} %/h · live heap ${f(s.heapStartMb)}→${f(s.heapEndMb)} MB ${f(s.heapGrowthPctPerHour)} ± ${f(s.heapGrowthCi95)} %/h${s.codeEndMb === null ? "" : ` (code ${f(s.codeStartMb)}→${f(s.codeEndMb)} MB; without it ${f(s.heapNoCodeGrowthPctPerHour)} ± ${f(s.heapNoCodeGrowthCi95)} %/h)`}${s.jitEndMb === null ? "" : ` (code, bytecode and metadata ${f(s.jitStartMb)}→${f(s.jitEndMb)} MB; without them ${f(s.heapNoJitGrowthPctPerHour)} ± ${f(s.heapNoJitGrowthCi95)} %/h)`}`,
  );
}
