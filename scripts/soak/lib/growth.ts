// Growth of a sampled quantity (RSS, heap) over the second half of a soak, as % of its level
// per hour. Memory saws up and down with garbage collection, so the fit runs on the floor of each
// window (its minimum: what survives collection), not on every sample.

export interface Sample {
  /** ms since the start of the run */
  t: number;
  v: number;
}

/**
 * Least-squares slope (units per ms) and intercept, and the slope's standard error (NaN with fewer
 * than 3 points); null with fewer than 2 distinct times.
 */
export function linearFit(points: readonly Sample[]): { slope: number; intercept: number; slopeSe: number } | null {
  const n = points.length;
  if (n < 2) return null;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const mv = points.reduce((s, p) => s + p.v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.t - mt) ** 2;
    sxy += (p.t - mt) * (p.v - mv);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = mv - slope * mt;
  const residuals = points.reduce((s, p) => s + (p.v - (intercept + slope * p.t)) ** 2, 0);
  const slopeSe = n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept, slopeSe };
}

/** Student's t for a two-sided 95 % interval with `dof` degrees of freedom. */
function t95(dof: number): number {
  const table = [12.71, 4.3, 3.18, 2.78, 2.57, 2.45, 2.36, 2.31, 2.26, 2.23, 2.2, 2.18, 2.16, 2.14, 2.13];
  if (dof < 1) return Number.NaN;
  if (dof <= table.length) return table[dof - 1]!;
  return dof <= 30 ? 2.09 : 1.96;
}

/**
 * The minimum of each window of `windowMs` (placed at the window's middle). A last window the
 * samples cover for less than half its length is left out: the minimum of its few samples sits
 * above a full window's, and at the end of the series it weighs most in a fit (a run's last sample,
 * taken once its users stopped, used to be a window of its own, placed half a window after it).
 */
export function windowFloors(points: readonly Sample[], windowMs: number): Sample[] {
  const out: Sample[] = [];
  let start = -1;
  let floor: number | null = null;
  let last = -1;
  for (const p of points) {
    if (start < 0) start = p.t;
    if (p.t >= start + windowMs) {
      if (floor !== null) out.push({ t: start + windowMs / 2, v: floor });
      start += Math.floor((p.t - start) / windowMs) * windowMs;
      floor = null;
    }
    floor = floor === null ? p.v : Math.min(floor, p.v);
    last = p.t;
  }
  if (floor !== null && start >= 0 && last - start >= windowMs / 2) out.push({ t: start + windowMs / 2, v: floor });
  return out;
}

/** The samples of the second half of [first, last]. */
export function secondHalf(points: readonly Sample[]): Sample[] {
  if (points.length === 0) return [];
  const mid = (points[0]!.t + points[points.length - 1]!.t) / 2;
  return points.filter((p) => p.t >= mid);
}

/**
 * Growth over the second half in % per hour of the level at its middle, fitted on window floors
 * (`windowMs`, at least 3 of them; else on the raw samples). null without enough samples.
 */
export function growthPctPerHour(points: readonly Sample[], windowMs: number): number | null {
  return growthFit(points, windowMs)?.pctPerHour ?? null;
}

/**
 * The same growth with the half-width of its 95 % interval (%/h): a figure of 5 ± 8 %/h says the run
 * was too short or too noisy to tell growth from none, whatever its sign.
 */
export function growthFit(points: readonly Sample[], windowMs: number): { pctPerHour: number; ci95: number } | null {
  const half = secondHalf(points);
  const floors = windowFloors(half, windowMs);
  const used = floors.length >= 3 ? floors : half;
  const fit = linearFit(used);
  if (!fit) return null;
  const mid = (half[0]!.t + half[half.length - 1]!.t) / 2;
  const level = fit.intercept + fit.slope * mid;
  if (level <= 0) return null;
  const perHour = (v: number) => ((v * 3_600_000) / level) * 100;
  return { pctPerHour: perHour(fit.slope), ci95: perHour(t95(used.length - 2) * fit.slopeSe) };
}

/** The q-quantile (0..1) of values, nearest rank; NaN for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
