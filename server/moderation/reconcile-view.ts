// What the supervisor reads of reconciliation: the exam's double-marked copies with their counts,
// and one copy per question — both marks, the difference, the state and the agreed mark.
import { roundScore } from "../../collab/index.ts";
import type { ActiveMarkingStatus, ReconcileSource } from "../../collab/contract/api/moderation.ts";
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { notFound } from "../errors/app-error.ts";
import { loadExamQuestions } from "../supervision/exam-questions.ts";
import { loadLayerMarks } from "./reconcile-marks.ts";
import type { ReconciliationRow } from "./reconcile-refresh.ts";

export interface ModerationSettings {
  readonly tolerance: number;
  readonly rule: "FIRST" | "MEAN" | "HIGHER";
}

export interface ReconcileListCopy {
  readonly copyId: string;
  readonly anonymousCode: string;
  /** the second marking's status */
  readonly status: ActiveMarkingStatus;
  readonly questions: number;
  readonly agreed: number;
  readonly pending: number;
  /** decided by a supervisor (a layer picked or a mark set) */
  readonly decided: number;
}

export interface ReconcileQuestion {
  readonly questionId: string;
  readonly label: string;
  readonly path: string;
  readonly max: number;
  readonly first: number | null;
  readonly second: number | null;
  /** second − first; null when a layer left the question unmarked */
  readonly difference: number | null;
  readonly state: "agreed" | "pending";
  readonly source: ReconcileSource;
  readonly mark: number | null;
  readonly comment: string | null;
  readonly auto: boolean;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly version: number;
}

export interface CopyReconciliation {
  readonly copyId: string;
  readonly examId: string;
  readonly examTitle: string;
  readonly anonymousCode: string;
  readonly status: ActiveMarkingStatus;
  readonly settings: ModerationSettings;
  readonly questions: readonly ReconcileQuestion[];
  readonly pending: number;
  /** the agreed total when every question is agreed */
  readonly total: number | null;
  readonly max: number;
}

export async function examSettings(q: Queryable, examId: string): Promise<ModerationSettings & { title: string }> {
  const { rows } = await q.query<{ tolerance: number; rule: ModerationSettings["rule"]; title: string }>(
    `SELECT "moderationTolerance" AS tolerance, "moderationRule"::text AS rule, title FROM "Exam" WHERE id = $1::uuid`,
    [examId],
  );
  if (!rows[0]) throw notFound("Exam");
  return rows[0];
}

export async function listReconciliations(q: Queryable, examId: string): Promise<{ settings: ModerationSettings; copies: ReconcileListCopy[] }> {
  const { tolerance, rule } = await examSettings(q, examId);
  const { rows } = await q.query<ReconcileListCopy>(
    `SELECT sm."copyId", c."anonymousCode", sm.status::text AS status,
            count(r."questionId")::int AS questions,
            count(r."questionId") FILTER (WHERE r.mark IS NOT NULL)::int AS agreed,
            count(r."questionId") FILTER (WHERE r.mark IS NULL)::int AS pending,
            count(r."questionId") FILTER (WHERE NOT r.auto AND r.source <> 'PENDING')::int AS decided
       FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId"
       LEFT JOIN "QuestionReconciliation" r ON r."copyId" = sm."copyId"
      WHERE c."examId" = $1::uuid AND sm.status <> 'CANCELLED'
      GROUP BY sm."copyId", c."anonymousCode", sm.status, c.seq
      ORDER BY c.seq`,
    [examId],
  );
  return { settings: { tolerance, rule }, copies: rows };
}

export async function copyReconciliation(db: Pick<Db, "scaleNode">, q: Queryable, copyId: string): Promise<CopyReconciliation> {
  const { rows: found } = await q.query<{ examId: string; variant: string | null; anonymousCode: string; status: ActiveMarkingStatus }>(
    `SELECT c."examId", c.variant, c."anonymousCode", sm.status::text AS status
       FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId" WHERE sm."copyId" = $1::uuid AND sm.status <> 'CANCELLED'`,
    [copyId],
  );
  const copy = found[0];
  if (!copy) throw notFound("Reconciliation");
  const [settings, questions, layers, { rows }] = await Promise.all([
    examSettings(q, copy.examId),
    loadExamQuestions(db, copy.examId),
    loadLayerMarks(q, [{ id: copyId, examId: copy.examId, variant: copy.variant }]),
    q.query<ReconciliationRow & { decidedBy: string | null; decidedAt: Date }>(
      `SELECT r."questionId", r.source, r.mark, r.comment, r.auto, r.version, r."firstMark", r."secondMark", u."displayName" AS "decidedBy", r."decidedAt"
         FROM "QuestionReconciliation" r LEFT JOIN "User" u ON u.id = r."decidedById" WHERE r."copyId" = $1::uuid`,
      [copyId],
    ),
  ]);
  const marks = layers.get(copyId)!;
  const byId = new Map(questions.all.map((x) => [x.id, x]));
  const view: ReconcileQuestion[] = marks.spec.questions.map((spec, i) => {
    const first = marks.first[i]!.score;
    const second = marks.second[i]!.score;
    const r = rows.find((x) => x.questionId === spec.id);
    const agreed = copy.status === "DONE" && r !== undefined && r.mark !== null;
    return {
      questionId: spec.id,
      label: byId.get(spec.id)?.label ?? spec.id,
      path: byId.get(spec.id)?.path ?? spec.id,
      max: spec.maxPoints,
      first,
      second,
      difference: first === null || second === null ? null : roundScore(second - first),
      state: agreed ? "agreed" : "pending",
      source: r?.source ?? "PENDING",
      mark: r?.mark ?? null,
      comment: r?.comment ?? null,
      auto: r?.auto ?? true,
      decidedBy: r && !r.auto ? r.decidedBy : null,
      decidedAt: r ? r.decidedAt.toISOString() : null,
      version: r?.version ?? 0,
    };
  });
  const pending = view.filter((x) => x.state === "pending").length;
  return {
    copyId,
    examId: copy.examId,
    examTitle: settings.title,
    anonymousCode: copy.anonymousCode,
    status: copy.status,
    settings: { tolerance: settings.tolerance, rule: settings.rule },
    questions: view,
    pending,
    total: pending === 0 ? roundScore(view.reduce((s, x) => s + (x.mark ?? 0), 0)) : null,
    max: roundScore(marks.spec.questions.reduce((s, x) => s + x.maxPoints, 0)),
  };
}
