// The scale view collab validates against: the leaves of each exam's scale (the nodes that
// carry maxPoints and have no children). Read inside the commit transaction, so a scale edit
// applies to the very next update.
import type { ScaleSpec } from "../../collab/index.ts";
import type { Queryable } from "./sql.ts";

export async function loadScales(q: Queryable, examIds: readonly string[]): Promise<Map<string, ScaleSpec>> {
  const { rows } = await q.query<{ examId: string; id: string; maxPoints: string }>(
    `SELECT n."examId", n.id, n."maxPoints"::text AS "maxPoints"
       FROM "ScaleNode" n
      WHERE n."examId" = ANY($1::uuid[]) AND n."maxPoints" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "ScaleNode" c WHERE c."parentId" = n.id)
      ORDER BY n."examId", n.position, n.id`,
    [examIds],
  );
  const scales = new Map<string, ScaleSpec>(examIds.map((id) => [id, { questions: [] }]));
  for (const r of rows) scales.get(r.examId)?.questions.push({ id: r.id, maxPoints: Number(r.maxPoints) });
  return scales;
}
