// (Re)computes the reconciliation of double-marked copies (#16 item 3): for a copy whose second
// marking is DONE, one QuestionReconciliation row per question of its scale — agreed by the exam's
// rule (auto) or PENDING for a supervisor. A supervisor's decision stands while the two marks it
// was decided on stand; when either moves, the question is decided again by the rule. A copy whose
// second marking is no longer DONE keeps only its supervisors' decisions (checked again when it is).
//
// Call it inside a transaction (it takes row locks): the one that finalizes a second marking, after
// the SecondMarking row is DONE and the second layer's QuestionDecision rows are written; the one
// that changes the first layer's decisions of a double-marked copy; an exam settings change.
// Lock order: SecondMarking rows (by copy id), then QuestionReconciliation rows — as the
// supervisor's decision takes them — so the two never deadlock.
import type { Queryable } from "../grading/sql.ts";
import { loadLayerMarks, questionNumbers, type LayerMarks } from "./reconcile-marks.ts";
import { questionGrain, reconcileQuestion, type ModerationRule } from "./reconcile-rule.ts";
import { notifyOn } from "./moderation-audit.ts";
import { RECONCILIATION_EVENT } from "./reconcile-events.ts";

interface CopyRow {
  copyId: string;
  status: string;
  examId: string;
  variant: string | null;
  tolerance: number;
  rule: ModerationRule;
}

export interface ReconciliationRow {
  copyId: string;
  questionId: string;
  source: string;
  mark: number | null;
  comment: string | null;
  auto: boolean;
  firstMark: number | null;
  secondMark: number | null;
  version: number;
}

interface Change {
  questionId: string;
  source: string;
  mark: number | null;
  firstMark: number | null;
  secondMark: number | null;
  /** a supervisor's decision set aside because a mark it was decided on moved */
  replaced?: string;
}

const same = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);

export async function refreshReconciliations(q: Queryable, copyIds: string[]): Promise<void> {
  const ids = [...new Set(copyIds)].sort();
  if (ids.length === 0) return;
  const { rows: copies } = await q.query<CopyRow>(
    `SELECT sm."copyId", sm.status::text AS status, c."examId", c.variant, e."moderationTolerance" AS tolerance, e."moderationRule"::text AS rule
       FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId" JOIN "Exam" e ON e.id = c."examId"
      WHERE sm."copyId" = ANY($1::uuid[]) ORDER BY sm."copyId" FOR UPDATE OF sm`,
    [ids],
  );
  const done = copies.filter((c) => c.status === "DONE");
  const notDone = copies.filter((c) => c.status !== "DONE").map((c) => c.copyId);
  const touched = new Map<string, string>(); // copy id → exam id
  if (notDone.length) {
    const { rows } = await q.query<{ copyId: string }>(`DELETE FROM "QuestionReconciliation" WHERE "copyId" = ANY($1::uuid[]) AND (auto OR source = 'PENDING') RETURNING "copyId"`, [notDone]);
    for (const r of rows) touched.set(r.copyId, copies.find((c) => c.copyId === r.copyId)!.examId);
  }
  if (done.length) {
    const [layers, { rows: existing }] = await Promise.all([
      loadLayerMarks(q, done.map((c) => ({ id: c.copyId, examId: c.examId, variant: c.variant }))),
      q.query<ReconciliationRow>(
        `SELECT "copyId", "questionId", source, mark, comment, auto, "firstMark", "secondMark", version
           FROM "QuestionReconciliation" WHERE "copyId" = ANY($1::uuid[]) ORDER BY "copyId", "questionId" FOR UPDATE`,
        [done.map((c) => c.copyId)],
      ),
    ]);
    for (const c of done) {
      const changes = await refreshCopy(q, c, layers.get(c.copyId)!, existing.filter((r) => r.copyId === c.copyId));
      if (changes.length === 0) continue;
      touched.set(c.copyId, c.examId);
      await q.query(
        `INSERT INTO "AuditEvent" (action, "targetType", "targetId", details) VALUES ('reconciliation.refreshed', 'copy', $1, $2::jsonb)`,
        [c.copyId, JSON.stringify({ tolerance: c.tolerance, rule: c.rule, questions: changes })],
      );
    }
  }
  const byExam = new Map<string, string[]>();
  for (const [copyId, examId] of touched) byExam.set(examId, [...(byExam.get(examId) ?? []), copyId]);
  for (const [examId, list] of byExam) {
    // NOTIFY caps payloads at 8000 bytes: past a few dozen copies, the exam alone (dashboards reload)
    const payload = { type: RECONCILIATION_EVENT, examId, copyIds: list.length <= 100 ? list : null };
    await notifyOn(q, payload);
  }
}

async function refreshCopy(q: Queryable, c: CopyRow, layers: LayerMarks, rows: ReconciliationRow[]): Promise<Change[]> {
  const changes: Change[] = [];
  const questionIds = layers.spec.questions.map((s) => s.id);
  const gone = rows.filter((r) => !questionIds.includes(r.questionId)).map((r) => r.questionId);
  if (gone.length) await q.query(`DELETE FROM "QuestionReconciliation" WHERE "copyId" = $1::uuid AND "questionId" = ANY($2::text[])`, [c.copyId, gone]);
  for (const [i, spec] of layers.spec.questions.entries()) {
    const first = layers.first[i]!.score;
    const second = layers.second[i]!.score;
    const row = rows.find((r) => r.questionId === spec.id);
    const decidedBySupervisor = row && !row.auto && row.source !== "PENDING";
    if (decidedBySupervisor && same(row.firstMark, first) && same(row.secondMark, second)) continue;
    const grain = questionGrain([...questionNumbers(spec), ...(first === null ? [] : [first]), ...(second === null ? [] : [second])]);
    const outcome = reconcileQuestion({ tolerance: c.tolerance, rule: c.rule, first, second, grain });
    const source = outcome.state === "agreed" ? "RULE" : "PENDING";
    const mark = outcome.state === "agreed" ? outcome.mark : null;
    if (row && row.auto === true && row.source === source && same(row.mark, mark) && same(row.firstMark, first) && same(row.secondMark, second)) continue;
    if (row && row.source === "PENDING" && source === "PENDING" && same(row.firstMark, first) && same(row.secondMark, second)) continue;
    await q.query(
      `INSERT INTO "QuestionReconciliation" ("copyId", "questionId", source, mark, comment, auto, "decidedById", "decidedAt", "firstMark", "secondMark", version)
       VALUES ($1::uuid, $2, $3, $4, NULL, $5, NULL, now(), $6, $7, 0)
       ON CONFLICT ("copyId", "questionId") DO UPDATE SET source = EXCLUDED.source, mark = EXCLUDED.mark, comment = NULL, auto = EXCLUDED.auto,
         "decidedById" = NULL, "decidedAt" = now(), "firstMark" = EXCLUDED."firstMark", "secondMark" = EXCLUDED."secondMark",
         version = "QuestionReconciliation".version + 1`,
      [c.copyId, spec.id, source, mark, source !== "PENDING", first, second],
    );
    changes.push({ questionId: spec.id, source, mark, firstMark: first, secondMark: second, ...(decidedBySupervisor ? { replaced: row.source } : {}) });
  }
  return changes;
}
