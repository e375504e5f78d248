// Rubric items per copy as standard CSV (RFC 4180, comma, decimal point, UTF-8, formula-neutralized
// by the CSV writer): one row per applied item that counts in the copy's mark (collab's
// computeMark: an item ignored by its group rule is left out), and one per adjustment —
// anonymous code, question, item, points. From the decisions projection (every copy with
// decisions, graded or not; `etat` says which), scored under the exam's current rubric.
import { computeMark } from "../../collab/index.ts";
import type { Queryable } from "../grading/sql.ts";
import { loadCurrentRubrics } from "../rubrics/rubric-store.ts";
import type { ExamQuestions } from "../supervision/exam-questions.ts";
import { examDecisionRows, examQuestionSpecs, rowDecisions } from "../supervision/item-stats.ts";
import { csvLine, STANDARD_CSV } from "./csv-writer.ts";

interface CopyRow {
  id: string;
  anonymousCode: string;
  state: string;
}

export async function* itemsCsv(pool: Queryable, examId: string, questions: ExamQuestions): AsyncGenerator<string> {
  const d = STANDARD_CSV;
  yield csvLine(["code_anonyme", "etat", "question", "item", "points"], d);
  const rubric = (await loadCurrentRubrics(pool, [examId])).get(examId)?.content;
  const specs = await examQuestionSpecs(pool, examId, questions);
  const order = new Map(questions.all.map((q, i) => [q.id, i]));
  const path = new Map(questions.all.map((q) => [q.id, q.path]));
  const { rows: copies } = await pool.query<CopyRow>(`SELECT id, "anonymousCode", state::text AS state FROM "Copy" WHERE "examId" = $1::uuid`, [examId]);
  const copyOf = new Map(copies.map((c) => [c.id, c]));
  const rows = (await examDecisionRows(pool, examId)).filter((r) => order.has(r.questionId)); // by copy seq; questions in scale order below
  let chunk = "";
  let current: string | null = null;
  let group: typeof rows = [];
  const flush = () => {
    group.sort((a, b) => order.get(a.questionId)! - order.get(b.questionId)!);
    for (const r of group) {
      const spec = specs.get(r.questionId);
      const copy = copyOf.get(r.copyId);
      if (!spec?.rubric || !copy) continue;
      const mark = computeMark(spec, rowDecisions(r));
      const labels = new Map((rubric?.questions[r.questionId]?.items ?? []).map((i) => [i.id, i.label]));
      for (const a of mark.applied) chunk += csvLine([copy.anonymousCode, copy.state, path.get(r.questionId), labels.get(a.id) ?? a.id, a.points], d);
      if (mark.adjustment)
        chunk += csvLine([copy.anonymousCode, copy.state, path.get(r.questionId), `Ajustement : ${mark.adjustment.comment}`, mark.adjustment.points], d);
    }
    group = [];
  };
  for (const r of rows) {
    if (r.copyId !== current) {
      flush();
      current = r.copyId;
      if (chunk.length > 64 * 1024) {
        yield chunk;
        chunk = "";
      }
    }
    group.push(r);
  }
  flush();
  if (chunk) yield chunk;
}
