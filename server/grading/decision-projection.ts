// Writes the QuestionDecision projection: what graders decided per copy, question and layer, as
// plain rows, so that marks can be computed for a whole exam (statistics, exports, rubric
// previews) with one query instead of decoding every document. The copy document stays the source
// of truth: a copy's rows are rewritten whole from its document, in the transaction that commits
// the updates that changed its decisions, so they never disagree with what was committed.
import type { CopyDecisions } from "../../collab/index.ts";
import type { Queryable } from "./sql.ts";

/** The copy's own document; a moderation layer (a second marking) is a document of its own. */
export const MAIN_LAYER = "";
/** The blind second marking of a double-marked copy (moderation, docs/moderation.md). */
export const SECOND_LAYER = "second";

interface Row {
  copyId: string;
  questionId: string;
  score: number | null;
  items: string;
  adjustPoints: number | null;
  adjustComment: string | null;
  checked: boolean;
}

function rowsOf(copyId: string, d: CopyDecisions): Row[] {
  const questions = new Set([...Object.keys(d.scores).filter((q) => d.scores[q] !== null), ...Object.keys(d.items), ...Object.keys(d.adjust), ...d.checked]);
  return [...questions].map((questionId) => ({
    copyId,
    questionId,
    score: Object.hasOwn(d.scores, questionId) ? (d.scores[questionId] ?? null) : null,
    items: (Object.hasOwn(d.items, questionId) ? d.items[questionId]! : []).join(","), // item ids hold no comma
    adjustPoints: Object.hasOwn(d.adjust, questionId) ? d.adjust[questionId]!.points : null,
    adjustComment: Object.hasOwn(d.adjust, questionId) ? d.adjust[questionId]!.comment : null,
    checked: d.checked.includes(questionId),
  }));
}

/** Replaces the rows of these copies (one layer) by their decisions; clears their backfill marks. */
export async function writeDecisions(q: Queryable, decisions: ReadonlyMap<string, CopyDecisions>, layer = MAIN_LAYER): Promise<void> {
  if (decisions.size === 0) return;
  const copyIds = [...decisions.keys()];
  const rows = copyIds.flatMap((id) => rowsOf(id, decisions.get(id)!));
  await q.query(`DELETE FROM "QuestionDecision" WHERE "copyId" = ANY($1::uuid[]) AND layer = $2`, [copyIds, layer]);
  if (rows.length > 0) {
    await q.query(
      `INSERT INTO "QuestionDecision" ("copyId", layer, "questionId", score, items, "adjustPoints", "adjustComment", checked)
       SELECT t.copy_id, $1, t.question_id, t.score, COALESCE(string_to_array(NULLIF(t.items, ''), ','), '{}'), t.adjust_points, t.adjust_comment, t.checked
         FROM unnest($2::uuid[], $3::text[], $4::float8[], $5::text[], $6::float8[], $7::text[], $8::bool[])
           AS t(copy_id, question_id, score, items, adjust_points, adjust_comment, checked)`,
      [
        layer,
        rows.map((r) => r.copyId),
        rows.map((r) => r.questionId),
        rows.map((r) => r.score),
        rows.map((r) => r.items),
        rows.map((r) => r.adjustPoints),
        rows.map((r) => r.adjustComment),
        rows.map((r) => r.checked),
      ],
    );
  }
  if (layer === MAIN_LAYER) await q.query(`DELETE FROM "DecisionBackfill" WHERE "copyId" = ANY($1::uuid[])`, [copyIds]);
}
