// The exam's copies whose final PDF could not be rendered (RENDER_FAILED), for the supervisor's
// dashboard: each with its error and attempts, so a supervisor learns about it without opening the
// copy's desk — where "Relancer le rendu" and "Rouvrir la copie" are (docs/render.md).
import type { Queryable } from "../grading/sql.ts";

/** At most this many are listed (the count by state gives the total). */
export const FAILED_RENDERS_LISTED = 50;

export interface FailedRender {
  readonly copyId: string;
  readonly anonymousCode: string;
  /** the last attempt's error (Copy.renderError) */
  readonly error: string | null;
  readonly attempts: number;
  /** when the copy last changed (the failure, or a later retry's failure) */
  readonly since: string;
}

export async function failedRenders(q: Queryable, examId: string): Promise<FailedRender[]> {
  const { rows } = await q.query<{ copyId: string; anonymousCode: string; error: string | null; attempts: number; since: Date }>(
    `SELECT id AS "copyId", "anonymousCode", "renderError" AS error, "renderAttempts" AS attempts, "updatedAt" AS since
       FROM "Copy" WHERE "examId" = $1::uuid AND state = 'RENDER_FAILED'
      ORDER BY seq LIMIT ${FAILED_RENDERS_LISTED}`,
    [examId],
  );
  return rows.map((r) => ({ ...r, since: r.since.toISOString() }));
}
