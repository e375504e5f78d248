// The agreed layer of double-marked copies (#16 item 3): for a copy whose second marking is DONE
// and whose every question has an agreed mark (by the rule or a supervisor), question id → agreed
// mark. Render, release, the portal and exports read marks through it, so a double-marked copy
// shows what was agreed, never its first marking alone. A copy with a question still pending has
// no overlay: it shows its first marking and the release gate holds it (RECONCILIATION_PENDING).
import type { Queryable } from "../grading/sql.ts";

/** copy id → (question id → agreed mark) */
export type AgreedOverlay = ReadonlyMap<string, ReadonlyMap<string, number>>;

export const NO_AGREED: ReadonlyMap<string, number> = new Map();

export async function agreedOverlay(q: Queryable, copyIds: readonly string[]): Promise<AgreedOverlay> {
  if (copyIds.length === 0) return new Map();
  const { rows } = await q.query<{ copyId: string; questionId: string; mark: number }>(
    `SELECT r."copyId", r."questionId", r.mark
       FROM "QuestionReconciliation" r JOIN "SecondMarking" sm ON sm."copyId" = r."copyId" AND sm.status = 'DONE'
      WHERE r."copyId" = ANY($1::uuid[])
        AND NOT EXISTS (SELECT 1 FROM "QuestionReconciliation" p WHERE p."copyId" = r."copyId" AND p.mark IS NULL)`,
    [[...new Set(copyIds)]],
  );
  const out = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const m = out.get(r.copyId) ?? new Map<string, number>();
    m.set(r.questionId, r.mark);
    out.set(r.copyId, m);
  }
  return out;
}

/** The scores with the agreed marks put over them (the same keys, agreed where there is one). */
export function withAgreed<T extends Record<string, number | null>>(scores: T, agreed: ReadonlyMap<string, number> | undefined): T {
  if (!agreed || agreed.size === 0) return scores;
  const out: Record<string, number | null> = { ...scores };
  for (const [questionId, mark] of agreed) if (Object.hasOwn(out, questionId)) out[questionId] = mark;
  return out as T;
}
