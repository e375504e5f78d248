// The scale view collab validates against: for each copy, the leaves (nodes that carry
// maxPoints and have no children) of its exam's scale that belong to its variant — the common ones
// plus those of its variant (own or inherited from an ancestor). Read inside the commit
// transaction, so a scale or variant edit applies to the very next update.
import type { ScaleSpec } from "../../collab/index.ts";
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
      ORDER BY n."examId", n.position, n.id`,
    [examIds],
  );
  const scales = new Map<string, ScaleSpec>();
  for (const c of copies) {
    const key = scaleKey(c.examId, c.variant);
    if (scales.has(key)) continue;
    const questions = rows.filter((r) => r.examId === c.examId && (r.variant === null || r.variant === c.variant)).map((r) => ({ id: r.id, maxPoints: Number(r.maxPoints) }));
    scales.set(key, { questions });
  }
  return scales;
}
