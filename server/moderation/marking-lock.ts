// One lock order for everything that touches a second marking: the Copy row first (as the main
// layer's commits and finalize do), then the SecondMarking row. Two transactions on the same copy
// therefore queue on the Copy row and never deadlock.
import type { Queryable } from "../grading/sql.ts";

export interface LockedMarking {
  readonly copyId: string;
  readonly examId: string;
  readonly variant: string | null;
  readonly anonymousCode: string;
  readonly pageCount: number;
  readonly released: boolean;
  /** null: the copy has no second marking */
  readonly marking: {
    readonly markerId: string | null;
    readonly firstMarkerId: string | null;
    readonly status: "WAITING" | "GRADING" | "DONE" | "CANCELLED";
  } | null;
}

/** Locks the copy row then its second marking; null when there is no such copy. */
export async function lockMarking(q: Queryable, copyId: string): Promise<LockedMarking | null> {
  const { rows } = await q.query<Omit<LockedMarking, "marking">>(
    `SELECT c.id AS "copyId", c."examId", c.variant, c."anonymousCode", (c."releasedAt" IS NOT NULL) AS released,
            (SELECT count(*) FROM "Page" p WHERE p."copyId" = c.id)::int AS "pageCount"
       FROM "Copy" c WHERE c.id = $1::uuid FOR NO KEY UPDATE OF c`,
    [copyId],
  );
  if (!rows[0]) return null;
  const m = await q.query<NonNullable<LockedMarking["marking"]>>(
    `SELECT "markerId", "firstMarkerId", status::text AS status FROM "SecondMarking" WHERE "copyId" = $1::uuid FOR UPDATE`,
    [copyId],
  );
  return { ...rows[0], pageCount: Number(rows[0].pageCount), marking: m.rows[0] ?? null };
}
