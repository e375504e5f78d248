// From the sampled series to the soak's verdict: growth fitted over the second half of the run
// for the processes that ran it whole (a restarted node starts afresh, so it is shown, not fitted).
import { growthFit, quantile, secondHalf, type Sample } from "./growth.ts";
import { MEMORY_KINDS, type MemoryKind } from "./memory-map.ts";
import type { Point } from "./sampler.ts";

export interface ProcessSummary {
  label: string;
  /** ran the whole run (not restarted): its growth counts */
  steady: boolean;
  rssStartMb: number;
  rssEndMb: number;
  rssGrowthPctPerHour: number | null;
  /** half-width of the 95 % interval of rssGrowthPctPerHour */
  rssGrowthCi95: number | null;
  heapStartMb: number | null;
  heapEndMb: number | null;
  heapGrowthPctPerHour: number | null;
  heapGrowthCi95: number | null;
  /** V8's code spaces in the live heap (½ → end), and the live heap's growth without them */
  codeStartMb: number | null;
  codeEndMb: number | null;
  heapNoCodeGrowthPctPerHour: number | null;
  heapNoCodeGrowthCi95: number | null;
  /** what V8 holds to run the functions (code, bytecode and their metadata) in the live heap (½ → end), and the live heap's growth without it: the program's data */
  jitStartMb: number | null;
  jitEndMb: number | null;
  heapNoJitGrowthPctPerHour: number | null;
  heapNoJitGrowthCi95: number | null;
  /** the RSS outside V8's committed heap (native memory: buffers, malloc, threads), its growth, and the young generation's range (½ → end) */
  nativeStartMb: number | null;
  nativeEndMb: number | null;
  nativeGrowthPctPerHour: number | null;
  nativeGrowthCi95: number | null;
  newSpaceMinMb: number | null;
  newSpaceMaxMb: number | null;
  /** the process's OS threads over the second half (a Node worker thread started or ended moves them, with its own heap) */
  threadsMin: number | null;
  threadsMax: number | null;
  /** the RSS by kind of mapping (memory-map.ts), ½ → end; null without /proc/PID/smaps */
  map: Record<MemoryKind, { startMb: number | null; endMb: number | null }> | null;
  /** median and worst of the per-interval event-loop lag p99 over the second half */
  lagP99MedianMs: number | null;
  lagP99MaxMs: number | null;
  fdsHalf: number;
  fdsEnd: number;
  pgConnsHalf: number;
  pgConnsEnd: number;
}

const mb = (b: number) => b / 1024 / 1024;
const series = (points: Point[], pick: (p: Point) => number | undefined): Sample[] =>
  points.flatMap((p) => {
    const v = pick(p);
    return v === undefined ? [] : [{ t: p.t, v }];
  });

export function summarize(label: string, points: Point[], steady: boolean, windowMs: number): ProcessSummary | null {
  if (points.length === 0) return null;
  const half = secondHalf(points.map((p) => ({ t: p.t, v: 0 }))).length;
  const second = points.slice(points.length - half);
  const first = second[0]!;
  const last = points[points.length - 1]!;
  /** a series' level at the middle of the run (its first sample of the second half) and at its end, in MB */
  const span = (s: Sample[]) => {
    const atHalf = s.find((x) => x.t >= first.t);
    return { startMb: atHalf ? mb(atHalf.v) : null, endMb: s.length ? mb(s[s.length - 1]!.v) : null };
  };
  // the live heap (after a forced full GC) when the inspector answered, else /metrics' reading
  const live = series(points, (p) => p.liveHeap);
  const heap = live.length >= 4 ? live : series(points, (p) => p.heap);
  const lags = series(second, (p) => p.lagP99Ms).map((s) => s.v);
  const rssFit = growthFit(
    series(points, (p) => p.rss),
    windowMs,
  );
  const heapFit = heap.length ? growthFit(heap, windowMs) : null;
  const code = series(points, (p) => p.liveCode);
  /** the live heap's growth with a part of it (read with the same forced GC) taken out */
  const fitWithout = (part: (p: Point) => number | undefined) => {
    const rest = series(points, (p) => {
      const v = part(p);
      return p.liveHeap !== undefined && v !== undefined ? p.liveHeap - v : undefined;
    });
    return rest.length >= 4 ? growthFit(rest, windowMs) : null;
  };
  const noCodeFit = fitWithout((p) => p.liveCode);
  const jit = series(points, (p) => p.liveJit);
  const noJitFit = fitWithout((p) => p.liveJit);
  const native = series(points, (p) => (p.v8Committed !== undefined ? p.rss - p.v8Committed : undefined));
  const nativeFit = native.length >= 4 ? growthFit(native, windowMs) : null;
  /** a quantity's least and greatest value over the second half */
  const range = (pick: (p: Point) => number | undefined) => {
    const v = series(second, pick).map((x) => x.v);
    return v.length ? { min: Math.min(...v), max: Math.max(...v) } : null;
  };
  const young = range((p) => p.newSpace);
  const threads = range((p) => p.threads);
  const [heapSpan, codeSpan, jitSpan, nativeSpan] = [span(heap), span(code), span(jit), span(native)];
  const map = points.some((p) => p.map)
    ? (Object.fromEntries(MEMORY_KINDS.map(([k]) => [k, span(series(points, (p) => p.map?.[k]))])) as ProcessSummary["map"])
    : null;
  return {
    label,
    steady,
    rssStartMb: mb(first.rss),
    rssEndMb: mb(last.rss),
    rssGrowthPctPerHour: rssFit?.pctPerHour ?? null,
    rssGrowthCi95: rssFit?.ci95 ?? null,
    heapStartMb: heapSpan.startMb,
    heapEndMb: heapSpan.endMb,
    heapGrowthPctPerHour: heapFit?.pctPerHour ?? null,
    heapGrowthCi95: heapFit?.ci95 ?? null,
    codeStartMb: codeSpan.startMb,
    codeEndMb: codeSpan.endMb,
    heapNoCodeGrowthPctPerHour: noCodeFit?.pctPerHour ?? null,
    heapNoCodeGrowthCi95: noCodeFit?.ci95 ?? null,
    jitStartMb: jitSpan.startMb,
    jitEndMb: jitSpan.endMb,
    heapNoJitGrowthPctPerHour: noJitFit?.pctPerHour ?? null,
    heapNoJitGrowthCi95: noJitFit?.ci95 ?? null,
    nativeStartMb: nativeSpan.startMb,
    nativeEndMb: nativeSpan.endMb,
    nativeGrowthPctPerHour: nativeFit?.pctPerHour ?? null,
    nativeGrowthCi95: nativeFit?.ci95 ?? null,
    newSpaceMinMb: young ? mb(young.min) : null,
    newSpaceMaxMb: young ? mb(young.max) : null,
    threadsMin: threads?.min ?? null,
    threadsMax: threads?.max ?? null,
    map,
    lagP99MedianMs: lags.length ? quantile(lags, 0.5) : null,
    lagP99MaxMs: lags.length ? Math.max(...lags) : null,
    fdsHalf: first.fds,
    fdsEnd: last.fds,
    pgConnsHalf: first.pgConns,
    pgConnsEnd: last.pgConns,
  };
}

/** The width of the windows whose floors the growth is fitted on (run.ts and refit.ts alike). */
export const fitWindowMs = (sampleEveryMs: number, durationMs: number): number => Math.max(3 * sampleEveryMs, durationMs / 30);

export interface Verdict {
  rssGrowthPctPerHour: number;
  /** the 95 % interval's half-width of the process that gave the worst figure */
  rssGrowthCi95: number;
  heapGrowthPctPerHour: number;
  heapGrowthCi95: number;
  /**
   * the live heap without what V8 holds to run the functions (code, bytecode, their metadata): the
   * program's own data, which a leak grows and V8's warm-up does not; NaN when no process reported it
   */
  heapNoJitGrowthPctPerHour: number;
  heapNoJitGrowthCi95: number;
  lagP99Ms: number;
}

/** The worst steady process for each figure (growth can be negative: memory given back). */
export function verdict(summaries: ProcessSummary[]): Verdict {
  const steady = summaries.filter((s) => s.steady);
  const value = (v: number | null) => (v !== null && Number.isFinite(v) ? v : Number.NaN);
  /** the steady process with the highest figure (NaN figures never win) */
  const worstOf = (pick: (s: ProcessSummary) => number | null): ProcessSummary | undefined =>
    steady.filter((s) => !Number.isNaN(value(pick(s)))).reduce<ProcessSummary | undefined>((a, b) => (!a || pick(b)! > pick(a)! ? b : a), undefined);
  const rss = worstOf((s) => s.rssGrowthPctPerHour);
  const heap = worstOf((s) => s.heapGrowthPctPerHour);
  const noJit = worstOf((s) => s.heapNoJitGrowthPctPerHour);
  const lag = worstOf((s) => s.lagP99MedianMs);
  return {
    rssGrowthPctPerHour: value(rss?.rssGrowthPctPerHour ?? null),
    rssGrowthCi95: value(rss?.rssGrowthCi95 ?? null),
    heapGrowthPctPerHour: value(heap?.heapGrowthPctPerHour ?? null),
    heapGrowthCi95: value(heap?.heapGrowthCi95 ?? null),
    heapNoJitGrowthPctPerHour: value(noJit?.heapNoJitGrowthPctPerHour ?? null),
    heapNoJitGrowthCi95: value(noJit?.heapNoJitGrowthCi95 ?? null),
    lagP99Ms: value(lag?.lagP99MedianMs ?? null),
  };
}
