// Agreement statistics of an exam fed with real data (#16 item 4): the copies whose second
// marking is DONE, each marker's marks per question from the two layers (reconcile-marks.ts), the
// markers being the copy's first marker and its second marker; the computation is
// supervision/agreement-stats.ts, the exam's tolerance counts as agreement.
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { agreementStatistics, type DoubleMark, type PairAgreement } from "../supervision/agreement-stats.ts";
import { loadExamQuestions } from "../supervision/exam-questions.ts";
import { loadLayerMarks } from "./reconcile-marks.ts";
import { examSettings } from "./reconcile-view.ts";

export interface AgreementReport {
  readonly tolerance: number;
  /** double-marked copies counted (second marking DONE, both markers known) */
  readonly copies: number;
  readonly pairs: readonly (PairAgreement & {
    readonly label: string;
    readonly path: string;
    readonly max: number;
    readonly markerNames: readonly [string, string];
  })[];
}

export async function agreementReport(db: Pick<Db, "scaleNode">, q: Queryable, examId: string): Promise<AgreementReport> {
  const { tolerance } = await examSettings(q, examId);
  const { rows: copies } = await q.query<{ id: string; variant: string | null; first: string; second: string }>(
    `SELECT c.id, c.variant, COALESCE(sm."firstMarkerId", c."finalizedById") AS first, sm."markerId" AS second
       FROM "SecondMarking" sm JOIN "Copy" c ON c.id = sm."copyId"
      WHERE c."examId" = $1::uuid AND sm.status = 'DONE' AND sm."markerId" IS NOT NULL AND COALESCE(sm."firstMarkerId", c."finalizedById") IS NOT NULL`,
    [examId],
  );
  const [questions, layers] = await Promise.all([
    loadExamQuestions(db, examId),
    loadLayerMarks(
      q,
      copies.map((c) => ({ id: c.id, examId, variant: c.variant })),
    ),
  ]);
  const items = new Map<string, string[]>();
  const marks: DoubleMark[] = [];
  for (const c of copies) {
    const l = layers.get(c.id)!;
    l.spec.questions.forEach((spec, i) => {
      items.set(spec.id, spec.rubric?.items.map((it) => it.id) ?? []);
      marks.push({ copyId: c.id, questionId: spec.id, markers: [c.first, c.second], marks: [l.first[i]!, l.second[i]!] });
    });
  }
  const stats = agreementStatistics(
    marks,
    () => tolerance,
    (id) => items.get(id) ?? [],
  );
  const ids = [...new Set(stats.flatMap((s) => s.markers))];
  const { rows: users } = ids.length
    ? await q.query<{ id: string; displayName: string }>(`SELECT id, "displayName" FROM "User" WHERE id = ANY($1::uuid[])`, [ids])
    : { rows: [] };
  const name = new Map(users.map((u) => [u.id, u.displayName]));
  const order = new Map(questions.all.map((x, i) => [x.id, i]));
  const byId = new Map(questions.all.map((x) => [x.id, x]));
  const pairs = stats
    .map((s) => ({
      ...s,
      label: byId.get(s.questionId)?.label ?? s.questionId,
      path: byId.get(s.questionId)?.path ?? s.questionId,
      max: byId.get(s.questionId)?.maxPoints ?? 0,
      markerNames: [name.get(s.markers[0]) ?? "?", name.get(s.markers[1]) ?? "?"] as const,
    }))
    .sort((a, b) => (order.get(a.questionId) ?? 0) - (order.get(b.questionId) ?? 0) || a.markerNames.join().localeCompare(b.markerNames.join()));
  return { tolerance, copies: copies.length, pairs };
}
