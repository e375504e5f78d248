// Drift detection (pure): per question, is one grader's mean different from the other graders'?
// Copies are dispatched at random, so every grader's marks on a question estimate the same
// population mean; a gap is the grader's drift. The test is a two-sample difference of means with
// Welch's standard error, judged against a sequential (Pocock-type, continuous-monitoring)
// boundary over the grader's dispatched copies, so re-testing after every mark — the dashboard watches continuously — keeps the chance
// of ever raising a false alert below alpha. An alert also needs a practically relevant gap and a
// minimum number of copies on both sides. docs/moderation.md gives the reasoning and the figures.

export interface DriftMark {
  readonly graderId: string;
  readonly questionId: string;
  readonly copyId: string;
  readonly score: number;
}

export interface DriftOptions {
  /** chance that an unbiased grader-question pair is ever flagged (per pair, over the whole exam) */
  readonly alpha: number;
  /** how the alpha is spent over the grader's copies: evenly (pocock) or kept for late looks */
  readonly shape: "pocock" | "obrien-fleming";
  /** smallest gap worth an alert, as a share of the question's points */
  readonly minShare: number;
  /** copies the grader, and the others together, must have marked on the question */
  readonly minCopies: number;
  /** pseudo-copies of the question's variance mixed into each side's variance (small samples) */
  readonly priorWeight: number;
}

export const DRIFT_DEFAULTS: DriftOptions = Object.freeze({ alpha: 0.04, shape: "obrien-fleming", minShare: 0.1, minCopies: 8, priorWeight: 4 });

interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

interface GraderCell extends Moments {
  readonly copies: string[];
}

interface QuestionCell extends Moments {
  readonly graders: Map<string, GraderCell>;
}

export interface GraderDrift {
  readonly graderId: string;
  readonly questionId: string;
  /** the grader's copies marked on the question */
  readonly copies: number;
  /** the other graders' copies on the question */
  readonly othersCopies: number;
  readonly mean: number;
  readonly othersMean: number;
  /** mean − othersMean, in points (negative: harsher) */
  readonly gap: number;
  /** the always-valid interval of the gap (points) */
  readonly low: number;
  readonly high: number;
  /** true: the interval excludes 0, the gap is at least the threshold, enough copies */
  readonly flagged: boolean;
  /** the gap the alert needs (points) */
  readonly threshold: number;
}

const empty = (): Moments => ({ n: 0, sum: 0, sumSq: 0 });
const add = (m: Moments, x: number, sign: 1 | -1) => {
  m.n += sign;
  m.sum += sign * x;
  m.sumSq += sign * x * x;
};
const variance = (m: Moments) => (m.n > 1 ? Math.max(0, (m.sumSq - (m.sum * m.sum) / m.n) / (m.n - 1)) : 0);

/** Marks gathered per question and grader; add() as they arrive, then assess(). */
export class DriftTally {
  readonly #questions = new Map<string, QuestionCell>();

  add(mark: DriftMark): void {
    const q = this.#questions.get(mark.questionId) ?? { ...empty(), graders: new Map() };
    this.#questions.set(mark.questionId, q);
    const g = q.graders.get(mark.graderId) ?? { ...empty(), copies: [] };
    q.graders.set(mark.graderId, g);
    add(q, mark.score, 1);
    add(g, mark.score, 1);
    g.copies.push(mark.copyId);
  }

  question(questionId: string): QuestionCell | undefined {
    return this.#questions.get(questionId);
  }

  copiesOf(questionId: string, graderId: string): readonly string[] {
    return this.#questions.get(questionId)?.graders.get(graderId)?.copies ?? [];
  }

  questionIds(): string[] {
    return [...this.#questions.keys()];
  }
}

const phi = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
/** upper tail of the standard normal (Abramowitz–Stegun 26.2.17, error < 1e-7) */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  const t = 1 / (1 + 0.2316419 * z);
  return phi(z) * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
}

/**
 * O'Brien–Fleming-type boundary for continuous monitoring: the running sum W(t) = z·√t (t: the
 * share of the grader's copies seen) is a Brownian motion when there is no drift, and
 * P(sup over [0,1] of |W| ≥ C) = 1 − (4/π)·Σ (−1)^k/(2k+1)·exp(−(2k+1)²π²/(8C²)) exactly. Alerting
 * when |W(t)| ≥ C, i.e. z ≥ C/√t, keeps the chance of ever alerting on an unbiased grader at alpha,
 * however often it is looked at; most of the alpha is kept for late, well-informed looks.
 */
const constants = new Map<number, number>();
export function obrienFlemingConstant(alpha: number): number {
  const known = constants.get(alpha);
  if (known !== undefined) return known;
  const crossing = (c: number) => {
    let sum = 0;
    for (let k = 0; k < 50; k++) sum += ((k % 2 ? -1 : 1) / (2 * k + 1)) * Math.exp((-((2 * k + 1) ** 2) * Math.PI ** 2) / (8 * c * c));
    return 1 - (4 / Math.PI) * sum;
  };
  let lo = 0.5;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (crossing(mid) > alpha) lo = mid;
    else hi = mid;
  }
  constants.set(alpha, hi);
  return hi;
}

/** Student t quantile from the normal one (Cornish–Fisher expansion; close from 5 degrees of freedom). */
export function tFromZ(z: number, df: number): number {
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) + (3 * z ** 7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/**
 * The z a gap must pass so that watching it from `first` copies to `horizon` copies crosses with
 * probability alpha when there is no drift (two-sided). The z statistic followed over the
 * information scale is a Brownian motion over √t, i.e. an Ornstein–Uhlenbeck process in log time;
 * Siegmund's approximation of its crossing probability over log(horizon/first) is
 * 2·[1−Φ(c) + c·φ(c)·log(horizon/first)/2] — a Pocock-type boundary for continuous monitoring.
 */
export function sequentialBoundary(alpha: number, first: number, horizon: number): number {
  const span = Math.log(Math.max(horizon, first) / first);
  const crossing = (c: number) => 2 * (normalTail(c) + (c * phi(c) * span) / 2);
  let lo = 0.5;
  let hi = 8;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (crossing(mid) > alpha) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** One grader against the others on one question; null when either side has no mark. */
export function assessGrader(
  tally: DriftTally,
  questionId: string,
  graderId: string,
  maxPoints: number,
  horizon: number,
  opts: DriftOptions = DRIFT_DEFAULTS,
): GraderDrift | null {
  const q = tally.question(questionId);
  const g = q?.graders.get(graderId);
  if (!q || !g || g.n === 0 || q.n - g.n === 0) return null;
  const rest: Moments = { n: q.n - g.n, sum: q.sum - g.sum, sumSq: q.sumSq - g.sumSq };
  // a variance floor (2% of the points) keeps a run of identical marks from meaning certainty
  const prior = Math.max(variance(q), (0.02 * maxPoints) ** 2);
  const shrunk = (m: Moments) => ((m.n - 1) * variance(m) + opts.priorWeight * prior) / (m.n - 1 + opts.priorWeight);
  const v = shrunk(g) / g.n + shrunk(rest) / rest.n;
  const mean = g.sum / g.n;
  const othersMean = rest.sum / rest.n;
  const gap = mean - othersMean;
  // the look-ahead is the grader's copies on the question (dispatched), stretched if they get more
  // few copies: the variance is estimated, so the boundary is read on Student's t (the grader's side dominates)
  const span = Math.max(horizon, g.n);
  const z = opts.shape === "pocock" ? sequentialBoundary(opts.alpha, opts.minCopies, span) : obrienFlemingConstant(opts.alpha) * Math.sqrt(span / g.n);
  const h = tFromZ(z, g.n - 1 + opts.priorWeight) * Math.sqrt(v);
  const threshold = opts.minShare * maxPoints;
  const enough = g.n >= opts.minCopies && rest.n >= opts.minCopies;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    graderId,
    questionId,
    copies: g.n,
    othersCopies: rest.n,
    mean: r2(mean),
    othersMean: r2(othersMean),
    gap: r2(gap),
    low: r2(gap - h),
    high: r2(gap + h),
    flagged: enough && Math.abs(gap) > h && Math.abs(gap) >= threshold,
    threshold: r2(threshold),
  };
}

/**
 * Every grader of every question (questions given with their points), flagged or not. horizon:
 * how many copies of the question the grader will mark in all (their dispatched copies).
 */
export function assessAll(
  tally: DriftTally,
  questions: readonly { id: string; maxPoints: number }[],
  horizon: (graderId: string, questionId: string) => number,
  opts: DriftOptions = DRIFT_DEFAULTS,
): GraderDrift[] {
  const out: GraderDrift[] = [];
  for (const q of questions) {
    const cell = tally.question(q.id);
    if (!cell || cell.graders.size < 2) continue;
    for (const graderId of cell.graders.keys()) {
      const d = assessGrader(tally, q.id, graderId, q.maxPoints, horizon(graderId, q.id), opts);
      if (d) out.push(d);
    }
  }
  return out;
}
