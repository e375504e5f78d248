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
import type { ReconcileSource } from "../../collab/contract/api/moderation.ts";
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
  source: ReconcileSource;
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
    const { rows } = await q.query<{ copyId: string }>(
      `DELETE FROM "QuestionReconciliation" WHERE "copyId" = ANY($1::uuid[]) AND (auto OR source = 'PENDING') RETURNING "copyId"`,
      [notDone],
    );
    for (const r of rows) touched.set(r.copyId, copies.find((c) => c.copyId === r.copyId)!.examId);
  }
  if (done.length) {
    const [layers, { rows: existing }] = await Promise.all([
      loadLayerMarks(
        q,
        done.map((c) => ({ id: c.copyId, examId: c.examId, variant: c.variant })),
      ),
      q.query<ReconciliationRow>(
        `SELECT "copyId", "questionId", source, mark, comment, auto, "firstMark", "secondMark", version
           FROM "QuestionReconciliation" WHERE "copyId" = ANY($1::uuid[]) ORDER BY "copyId", "questionId" FOR UPDATE`,
        [done.map((c) => c.copyId)],
      ),
    ]);
    const rowsOf = new Map<string, ReconciliationRow[]>();
    for (const r of existing) rowsOf.set(r.copyId, [...(rowsOf.get(r.copyId) ?? []), r]);
    const writes: Write[] = [];
    const gone: { copyId: string; questionId: string }[] = [];
    const audits: { copyId: string; details: string }[] = [];
    for (const c of done) {
      const rows = rowsOf.get(c.copyId) ?? [];
      const marks = layers.get(c.copyId)!;
      const questionIds = new Set(marks.spec.questions.map((x) => x.id));
      for (const r of rows) if (!questionIds.has(r.questionId)) gone.push({ copyId: c.copyId, questionId: r.questionId });
      const changes = decideCopy(c, marks, rows);
      if (changes.length === 0) continue;
      touched.set(c.copyId, c.examId);
      writes.push(...changes.map((x) => ({ copyId: c.copyId, ...x })));
      audits.push({ copyId: c.copyId, details: JSON.stringify({ tolerance: c.tolerance, rule: c.rule, questions: changes }) });
    }
    await writeChanges(q, writes, gone, audits);
  }
  const byExam = new Map<string, string[]>();
  for (const [copyId, examId] of touched) byExam.set(examId, [...(byExam.get(examId) ?? []), copyId]);
  for (const [examId, list] of byExam) {
    // NOTIFY caps payloads at 8000 bytes: past a few dozen copies, the exam alone (dashboards reload)
    const payload = { type: RECONCILIATION_EVENT, examId, copyIds: list.length <= 100 ? list : null };
    await notifyOn(q, payload);
  }
}

type Write = Change & { copyId: string };

/** The questions of one copy whose row must change: the rule re-run where no supervisor's decision still stands. */
function decideCopy(c: CopyRow, layers: LayerMarks, rows: readonly ReconciliationRow[]): Change[] {
  const changes: Change[] = [];
  const byQuestion = new Map(rows.map((r) => [r.questionId, r]));
  for (const [i, spec] of layers.spec.questions.entries()) {
    const first = layers.first[i]!.score;
    const second = layers.second[i]!.score;
    const row = byQuestion.get(spec.id);
    const sameBasis = row !== undefined && same(row.firstMark, first) && same(row.secondMark, second);
    const decidedBySupervisor = row !== undefined && !row.auto && row.source !== "PENDING";
    if (decidedBySupervisor && sameBasis) continue;
    const grain = questionGrain([...questionNumbers(spec), ...(first === null ? [] : [first]), ...(second === null ? [] : [second])]);
    const outcome = reconcileQuestion({ tolerance: c.tolerance, rule: c.rule, first, second, grain });
    const source = outcome.state === "agreed" ? "RULE" : "PENDING";
    const mark = outcome.state === "agreed" ? outcome.mark : null;
    if (row && !decidedBySupervisor && sameBasis && row.source === source && same(row.mark, mark)) continue;
    changes.push({ questionId: spec.id, source, mark, firstMark: first, secondMark: second, ...(decidedBySupervisor ? { replaced: row.source } : {}) });
  }
  return changes;
}

/** All the changes in three statements, whatever the number of copies. */
async function writeChanges(
  q: Queryable,
  writes: readonly Write[],
  gone: readonly { copyId: string; questionId: string }[],
  audits: readonly { copyId: string; details: string }[],
): Promise<void> {
  if (gone.length) {
    await q.query(
      `DELETE FROM "QuestionReconciliation" r USING unnest($1::uuid[], $2::text[]) AS g(copy_id, question_id) WHERE r."copyId" = g.copy_id AND r."questionId" = g.question_id`,
      [gone.map((g) => g.copyId), gone.map((g) => g.questionId)],
    );
  }
  if (writes.length) {
    await q.query(
      `INSERT INTO "QuestionReconciliation" ("copyId", "questionId", source, mark, comment, auto, "decidedById", "decidedAt", "firstMark", "secondMark", version)
       SELECT t.copy_id, t.question_id, t.source, t.mark, NULL, true, NULL, now(), t.first_mark, t.second_mark, 0
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[]) AS t(copy_id, question_id, source, mark, first_mark, second_mark)
       ON CONFLICT ("copyId", "questionId") DO UPDATE SET source = EXCLUDED.source, mark = EXCLUDED.mark, comment = NULL, auto = EXCLUDED.auto,
         "decidedById" = NULL, "decidedAt" = now(), "firstMark" = EXCLUDED."firstMark", "secondMark" = EXCLUDED."secondMark",
         version = "QuestionReconciliation".version + 1`,
      [
        writes.map((w) => w.copyId),
        writes.map((w) => w.questionId),
        writes.map((w) => w.source),
        writes.map((w) => w.mark),
        writes.map((w) => w.firstMark),
        writes.map((w) => w.secondMark),
      ],
    );
  }
  if (audits.length) {
    await q.query(
      `INSERT INTO "AuditEvent" (action, "targetType", "targetId", details)
       SELECT 'reconciliation.refreshed', 'copy', t.copy_id, t.details::jsonb FROM unnest($1::text[], $2::text[]) AS t(copy_id, details)`,
      [audits.map((a) => a.copyId), audits.map((a) => a.details)],
    );
  }
}

/** Every double-marked copy of an exam (a settings or rubric change): refreshReconciliations on them. */
export async function refreshExamReconciliations(q: Queryable, examId: string): Promise<void> {
  const { rows } = await q.query<{ copyId: string }>(
    `SELECT sm."copyId" FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId" WHERE c."examId" = $1::uuid`,
    [examId],
  );
  await refreshReconciliations(
    q,
    rows.map((r) => r.copyId),
  );
}
