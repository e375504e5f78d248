// The scale view collab validates and scores against: for each copy, the leaves (nodes that carry
// maxPoints and have no children) of its exam's scale that belong to its variant — the common ones
// plus those of its variant (own or inherited from an ancestor), in reading order — each with its rubric in the
// exam's current rubric version. Read inside the commit transaction, so a scale, variant or rubric
// edit applies to the very next update.
import type { ScaleSpec } from "../../collab/index.ts";
import { rubricSpecOf } from "../rubrics/rubric-content.ts";
import { loadCurrentRubrics } from "../rubrics/rubric-store.ts";
import type { Queryable } from "./sql.ts";

/** The key of a copy's scale: its exam and its variant. */
export const scaleKey = (examId: string, variant: string | null): string => `${examId}|${variant ?? ""}`;

export async function loadScales(q: Queryable, copies: ReadonlyArray<{ examId: string; variant: string | null }>): Promise<Map<string, ScaleSpec>> {
  const examIds = [...new Set(copies.map((c) => c.examId))];
  const { rows } = await q.query<{ examId: string; id: string; maxPoints: string; variant: string | null }>(
    `SELECT n."examId", n.id, n."maxPoints"::text AS "maxPoints", COALESCE(n.variant, p.variant, g.variant) AS variant
       FROM "ScaleNode" n
       LEFT JOIN "ScaleNode" p ON p.id = n."parentId"
       LEFT JOIN "ScaleNode" g ON g.id = p."parentId"
      WHERE n."examId" = ANY($1::uuid[]) AND n."maxPoints" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ScaleNode" c WHERE c."parentId" = n.id)
      ORDER BY n."examId", array_remove(ARRAY[g.position, p.position, n.position], NULL), n.id`,
    [examIds],
  );
  const rubrics = await loadCurrentRubrics(q, examIds);
  const scales = new Map<string, ScaleSpec>();
  for (const c of copies) {
    const key = scaleKey(c.examId, c.variant);
    if (scales.has(key)) continue;
    const rubric = rubrics.get(c.examId);
    const questions = rows
      .filter((r) => r.examId === c.examId && (r.variant === null || r.variant === c.variant))
      .map((r) => {
        const spec = rubric ? rubricSpecOf(rubric.content, r.id) : undefined;
        return spec ? { id: r.id, maxPoints: Number(r.maxPoints), rubric: spec } : { id: r.id, maxPoints: Number(r.maxPoints) };
      });
    scales.set(key, { questions, rubricVersion: rubric?.number ?? 0 });
  }
  return scales;
}

/** One copy's scale (finalize, render): the same view the validator uses. */
export async function loadCopyScaleSpec(q: Queryable, examId: string, variant: string | null): Promise<ScaleSpec> {
  return (await loadScales(q, [{ examId, variant }])).get(scaleKey(examId, variant))!;
}
