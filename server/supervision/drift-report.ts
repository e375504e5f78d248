// Drift alerts of an exam (docs/moderation.md): the marks of its finalized copies — the frozen
// documents scored by collab's computeMarks, the same marks as the dashboard's statistics — each
// attributed to the grader dispatched that question of that copy, fed to the pure detection
// (drift-detection.ts). Recomputed with the dashboard's statistics, so alerts come and go live as
// copies are finalized, reopened or re-scored by a rubric change.
import type { Queryable } from "../grading/sql.ts";
import { assessAll, DRIFT_DEFAULTS, DriftTally, type DriftMark, type GraderDrift } from "./drift-detection.ts";
import type { ExamMarks } from "./exam-marks.ts";
import { readFrozen, type FrozenDocCache } from "./frozen-docs.ts";

export interface DriftCopy {
  readonly id: string;
  readonly anonymousCode: string;
  /** the grader's mark on the question */
  readonly score: number;
}

export interface DriftGrader extends Omit<GraderDrift, "questionId"> {
  readonly displayName: string;
}

export interface DriftQuestion {
  readonly id: string;
  readonly label: string;
  readonly path: string;
  readonly maxPoints: number;
  /** every grader with marks on the question, flagged or not (the chart) */
  readonly graders: readonly DriftGrader[];
}

export interface DriftAlert extends DriftGrader {
  readonly questionId: string;
  readonly questionPath: string;
  readonly maxPoints: number;
  /** the grader's copies on the question, in the order they were finalized */
  readonly copyList: readonly DriftCopy[];
}

export interface DriftReport {
  readonly alpha: number;
  readonly minCopies: number;
  /** share of a question's points a gap must reach */
  readonly minShare: number;
  readonly questions: readonly DriftQuestion[];
  readonly alerts: readonly DriftAlert[];
}

interface CopyRow {
  id: string;
  docHash: string;
  variant: string | null;
  anonymousCode: string;
  finalizedById: string | null;
}

interface AssignmentRow {
  copyId: string;
  graderId: string;
  questionIds: string[];
  /** the copy's */
  variant?: string | null;
}

/** Who marked (copy, question): the range assignment holding it, else the whole-copy one, else the finalizer. */
export function attribute(assignments: readonly AssignmentRow[], finalizedById: string | null, questionId: string): string | null {
  const range = assignments.find((a) => a.questionIds.includes(questionId));
  if (range) return range.graderId;
  const whole = assignments.filter((a) => a.questionIds.length === 0);
  return (whole.find((a) => a.graderId === finalizedById) ?? whole[0])?.graderId ?? finalizedById;
}

export async function driftReport(pool: Queryable, frozen: FrozenDocCache, examId: string, exam: ExamMarks): Promise<DriftReport> {
  const [{ rows: copies }, { rows: assignments }] = await Promise.all([
    pool.query<CopyRow>(
      `SELECT id, "docHash", variant, "anonymousCode", "finalizedById" FROM "Copy"
        WHERE "examId" = $1::uuid AND state IN ('FINALIZING', 'GRADED', 'RENDER_FAILED') AND "docHash" IS NOT NULL
        ORDER BY "finalizedAt", seq`,
      [examId],
    ),
    pool.query<AssignmentRow>(
      `SELECT a."copyId", a."graderId", a."questionIds"::text[] AS "questionIds", c.variant FROM "Assignment" a JOIN "Copy" c ON c.id = a."copyId" WHERE c."examId" = $1::uuid`,
      [examId],
    ),
  ]);
  const byCopy = new Map<string, AssignmentRow[]>();
  for (const a of assignments) byCopy.set(a.copyId, [...(byCopy.get(a.copyId) ?? []), a]);
  // the horizon of the sequential test: the copies dispatched to the grader that carry the question
  const dispatched = new Map<string, number>();
  const contents = await readFrozen(pool, frozen, copies);
  const tally = new DriftTally();
  const scoreOf = new Map<string, number>();
  for (const c of copies) {
    for (const m of exam.marksOf(c.variant, contents.get(c.id)?.decisions).marks) {
      if (m.score === null) continue;
      const graderId = attribute(byCopy.get(c.id) ?? [], c.finalizedById, m.questionId);
      if (!graderId) continue;
      const mark: DriftMark = { graderId, questionId: m.questionId, copyId: c.id, score: m.score };
      tally.add(mark);
      scoreOf.set(`${c.id}|${m.questionId}`, m.score);
    }
  }
  for (const a of assignments) {
    const qs = a.questionIds.length ? a.questionIds : exam.questions.forVariant(a.variant ?? null).map((q) => q.id);
    for (const q of qs) dispatched.set(`${a.graderId}|${q}`, (dispatched.get(`${a.graderId}|${q}`) ?? 0) + 1);
  }

  // a grader with no assignment on the question (a finalizer): an even share of the exam's copies
  // keeps the boundary's early looks strict instead of treating every look as the last
  const {
    rows: [total],
  } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Copy" WHERE "examId" = $1::uuid`, [examId]);
  const evenShare = (q: string) => Math.ceil((total?.n ?? 0) / Math.max(1, tally.question(q)?.graders.size ?? 1));
  const results = assessAll(tally, exam.questions.all, (g, q) => dispatched.get(`${g}|${q}`) ?? evenShare(q), DRIFT_DEFAULTS);
  const names = await graderNames(pool, [...new Set(results.map((r) => r.graderId))]);
  const codes = new Map(copies.map((c) => [c.id, c.anonymousCode]));
  const named = (r: GraderDrift): DriftGrader => {
    const { questionId: _q, ...rest } = r;
    return { ...rest, displayName: names.get(r.graderId) ?? "?" };
  };
  const questions = exam.questions.all
    .map((q) => ({ id: q.id, label: q.label, path: q.path, maxPoints: q.maxPoints, graders: results.filter((r) => r.questionId === q.id).map(named) }))
    .filter((q) => q.graders.length > 0);
  const alerts = results
    .filter((r) => r.flagged)
    .sort((a, b) => Math.abs(b.gap) - Math.abs(a.gap))
    .map((r): DriftAlert => {
      const q = exam.questions.all.find((x) => x.id === r.questionId)!;
      const copyList = tally
        .copiesOf(r.questionId, r.graderId)
        .map((id) => ({ id, anonymousCode: codes.get(id) ?? "", score: scoreOf.get(`${id}|${r.questionId}`) ?? 0 }));
      return { ...named(r), questionId: q.id, questionPath: q.path, maxPoints: q.maxPoints, copyList };
    });
  return { alpha: DRIFT_DEFAULTS.alpha, minCopies: DRIFT_DEFAULTS.minCopies, minShare: DRIFT_DEFAULTS.minShare, questions, alerts };
}

async function graderNames(pool: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await pool.query<{ id: string; displayName: string }>(`SELECT id, "displayName" FROM "User" WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.displayName]));
}
