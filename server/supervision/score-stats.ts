// Score statistics of an exam's graded copies: distribution of totals, and per question the
// average and success rate (share of copies with at least half the points). Pure functions.
// Variants with different maxima (A /20, B /12) are not mixed in points: every total is brought
// to one scale (/20, the French school scale) and each variant's own figures are given beside.
import { roundScore } from "../../collab/index.ts";
import type { ExamQuestions } from "./exam-questions.ts";

export interface ScoredCopy {
  readonly variant: string | null;
  readonly scores: Readonly<Record<string, number | null>>;
}

export interface DistributionBin {
  /** inclusive */
  readonly from: number;
  /** exclusive, except the last bin which holds the maximum */
  readonly to: number;
  readonly count: number;
}

export interface QuestionStat {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly maxPoints: number;
  /** copies scored on this question */
  readonly count: number;
  readonly average: number | null;
  /** 0..1: share of copies with score >= maxPoints / 2 */
  readonly successRate: number | null;
}

export interface VariantStat {
  /** null: copies without a variant */
  readonly variant: string | null;
  /** this variant's maximum, in points */
  readonly maxPoints: number;
  readonly count: number;
  /** in this variant's points */
  readonly mean: number | null;
}

/** the scale every total is shown on when the copies' maxima differ */
export const NORMALIZED_SCALE = 20;

export interface ScoreStats {
  readonly count: number;
  /** the scale of the figures below: the copies' common maximum, or NORMALIZED_SCALE when they differ */
  readonly maxPoints: number;
  /** true: the copies' maxima differ (variants) and totals were brought to maxPoints */
  readonly normalized: boolean;
  /** per variant present, in its own points */
  readonly variants: readonly VariantStat[];
  readonly mean: number | null;
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly stdDev: number | null;
  readonly distribution: readonly DistributionBin[];
  readonly questions: readonly QuestionStat[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** One bin per point up to 20 points (a French /20 exam), else ten bins. */
export function binsFor(maxPoints: number): { from: number; to: number }[] {
  if (!(maxPoints > 0)) return [];
  const count = maxPoints <= 20 && Number.isInteger(maxPoints) ? maxPoints : 10;
  const width = maxPoints / count;
  return Array.from({ length: count }, (_, i) => ({ from: roundScore(i * width), to: roundScore((i + 1) * width) }));
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function scoreStatistics(questions: ExamQuestions, copies: readonly ScoredCopy[]): ScoreStats {
  const present = [...new Set(copies.map((c) => c.variant))].sort((a, b) => (a ?? "").localeCompare(b ?? ""));
  const maxima = new Set(present.map((v) => questions.maxFor(v)));
  const normalized = maxima.size > 1;
  const maxPoints = normalized ? NORMALIZED_SCALE : Math.max(0, ...maxima, questions.maxFor(null));
  const onScale = (c: ScoredCopy) => {
    const total = questions.totalFor(c.variant, c.scores);
    const max = questions.maxFor(c.variant);
    return normalized && max > 0 ? round2((total / max) * NORMALIZED_SCALE) : total;
  };
  const totals = copies.map(onScale).sort((a, b) => a - b);
  const n = totals.length;
  const mean = n ? totals.reduce((s, v) => s + v, 0) / n : null;
  const bins = binsFor(maxPoints);
  const counts = bins.map(() => 0);
  for (const total of totals) {
    const i = bins.findIndex((b, k) => total < b.to || k === bins.length - 1);
    if (i >= 0) counts[i]!++;
  }
  return {
    count: n,
    maxPoints,
    normalized,
    variants: present.map((v) => variantStat(questions, v, copies)),
    mean: mean === null ? null : round2(mean),
    median: n ? round2(median(totals)!) : null,
    min: n ? totals[0]! : null,
    max: n ? totals[n - 1]! : null,
    stdDev: mean === null ? null : round2(Math.sqrt(totals.reduce((s, v) => s + (v - mean) ** 2, 0) / n)),
    distribution: bins.map((b, i) => ({ ...b, count: counts[i]! })),
    questions: questions.all.map((q) => questionStat(q, copies)),
  };
}

function variantStat(questions: ExamQuestions, variant: string | null, copies: readonly ScoredCopy[]): VariantStat {
  const totals = copies.filter((c) => c.variant === variant).map((c) => questions.totalFor(variant, c.scores));
  return {
    variant,
    maxPoints: questions.maxFor(variant),
    count: totals.length,
    mean: totals.length ? round2(totals.reduce((s, v) => s + v, 0) / totals.length) : null,
  };
}

function questionStat(q: ExamQuestions["all"][number], copies: readonly ScoredCopy[]): QuestionStat {
  const scores = copies
    .filter((c) => q.variant === null || c.variant === q.variant)
    .map((c) => c.scores[q.id])
    .filter((s): s is number => typeof s === "number");
  const count = scores.length;
  return {
    id: q.id,
    label: q.label,
    path: q.path,
    maxPoints: q.maxPoints,
    count,
    average: count ? round2(scores.reduce((s, v) => s + v, 0) / count) : null,
    successRate: count ? round2(scores.filter((s) => s >= q.maxPoints / 2).length / count) : null,
  };
}
