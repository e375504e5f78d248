// The one scoring function: (what the grader decided, the scale with its current rubric) → marks.
// Used by the desk, the server's validator and finalize check, statistics, exports, the rubric
// preview and the renderer alike, so a mark can never read differently in two places.
//
// Rules, per question:
// - with rubric items: nothing decided (no item, no adjustment, not checked) → not graded, unless
//   a typed score was stored before the question got items (kept, as typed). Otherwise the mark
//   starts at 0 (positive mode) or at the max (negative mode), adds the points of the applied
//   items and the adjustment, and is held within [0, max + bonusMax] — `clipped` says when a bound
//   cut it. Items of one group are exclusive: if several are applied (two graders at once, or a
//   rubric edit that grouped them afterwards), the first in the rubric's order counts.
//   An applied item the current rubric no longer has counts for nothing.
// - without items: the typed score, held within [0, max] (a max lowered after grading).
import { roundScore, type QuestionSpec, type ScaleSpec } from "./scale.ts";
import type { Adjustment, CopyDecisions } from "./schema.ts";

export interface AppliedItem {
  readonly id: string;
  readonly points: number;
}

export interface IgnoredItem {
  readonly id: string;
  /** unknown: not in the current rubric; group: another item of its group counts */
  readonly reason: "unknown" | "group";
}

export interface Mark {
  readonly questionId: string;
  /** null: not graded yet */
  readonly score: number | null;
  readonly max: number;
  readonly source: "typed" | "rubric" | null;
  /** the items that count, in the rubric's order, with their current points */
  readonly applied: readonly AppliedItem[];
  readonly ignored: readonly IgnoredItem[];
  readonly adjustment: Adjustment | null;
  /** the sum before the bounds */
  readonly raw: number | null;
  readonly clipped: "low" | "high" | null;
}

export interface CopyMarks {
  /** in the scale's order */
  readonly marks: readonly Mark[];
  readonly total: number;
  readonly max: number;
  /** questions not graded yet, in the scale's order */
  readonly unscored: readonly string[];
}

export const NO_DECISIONS: CopyDecisions = Object.freeze({ scores: {}, items: {}, adjust: {}, checked: [] });

function bounded(raw: number, upper: number): { score: number; clipped: Mark["clipped"] } {
  if (raw < 0) return { score: 0, clipped: "low" };
  if (raw > upper) return { score: roundScore(upper), clipped: "high" };
  return { score: roundScore(raw), clipped: null };
}

function typedMark(q: QuestionSpec, typed: number | null | undefined, ignored: IgnoredItem[] = []): Mark {
  const base = { questionId: q.id, max: q.maxPoints, applied: [], ignored, adjustment: null };
  if (typeof typed !== "number" || !Number.isFinite(typed)) return { ...base, score: null, source: null, raw: null, clipped: null };
  return { ...base, ...bounded(typed, q.maxPoints), source: "typed", raw: typed };
}

export function computeMark(q: QuestionSpec, d: CopyDecisions): Mark {
  const typed = Object.hasOwn(d.scores, q.id) ? d.scores[q.id] : undefined;
  const appliedIds = Object.hasOwn(d.items, q.id) ? d.items[q.id]! : [];
  const rubric = q.rubric;
  if (!rubric)
    return typedMark(
      q,
      typed,
      appliedIds.map((id) => ({ id, reason: "unknown" as const })),
    );
  const adjustment = Object.hasOwn(d.adjust, q.id) ? d.adjust[q.id]! : null;
  const checked = d.checked.includes(q.id);
  if (appliedIds.length === 0 && adjustment === null && !checked) return typedMark(q, typed);

  const wanted = new Set(appliedIds);
  const applied: AppliedItem[] = [];
  const ignored: IgnoredItem[] = [];
  const groups = new Set<string>();
  for (const item of rubric.items) {
    if (!wanted.delete(item.id)) continue;
    if (item.group !== null && groups.has(item.group)) {
      ignored.push({ id: item.id, reason: "group" });
      continue;
    }
    if (item.group !== null) groups.add(item.group);
    applied.push({ id: item.id, points: item.points });
  }
  for (const id of wanted) ignored.push({ id, reason: "unknown" });
  const start = rubric.mode === "negative" ? q.maxPoints : 0;
  const raw = roundScore(applied.reduce((s, i) => s + i.points, start) + (adjustment?.points ?? 0));
  return { questionId: q.id, max: q.maxPoints, source: "rubric", applied, ignored, adjustment, raw, ...bounded(raw, q.maxPoints + rubric.bonusMax) };
}

export function computeMarks(scale: ScaleSpec, d: CopyDecisions): CopyMarks {
  const marks = scale.questions.map((q) => computeMark(q, d));
  return {
    marks,
    total: roundScore(marks.reduce((s, m) => s + (m.score ?? 0), 0)),
    max: roundScore(scale.questions.reduce((s, q) => s + q.maxPoints, 0)),
    unscored: marks.filter((m) => m.score === null).map((m) => m.questionId),
  };
}

/** question id → score (null when not graded): the shape older readers of `scores` expect. */
export function scoresOfMarks(marks: CopyMarks): Record<string, number | null> {
  return Object.fromEntries(marks.marks.map((m) => [m.questionId, m.score]));
}
