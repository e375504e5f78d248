// Score statistics of an exam's graded copies: distribution of totals, and per question the
// average and success rate (share of copies with at least half the points). Pure functions.
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

export interface ScoreStats {
  readonly count: number;
  readonly maxPoints: number;
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
  const maxPoints = Math.max(0, ...[...new Set(copies.map((c) => c.variant))].map((v) => questions.maxFor(v)), questions.maxFor(null));
  const totals = copies.map((c) => questions.totalFor(c.variant, c.scores)).sort((a, b) => a - b);
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
    mean: mean === null ? null : round2(mean),
    median: n ? round2(median(totals)!) : null,
    min: n ? totals[0]! : null,
    max: n ? totals[n - 1]! : null,
    stdDev: mean === null ? null : round2(Math.sqrt(totals.reduce((s, v) => s + (v - mean) ** 2, 0) / n)),
    distribution: bins.map((b, i) => ({ ...b, count: counts[i]! })),
    questions: questions.all.map((q) => questionStat(q, copies)),
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
