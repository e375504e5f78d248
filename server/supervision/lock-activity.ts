// Who is on which copy of an exam right now, since when, and when they last changed it: a lock
// with no edit for IDLE_AFTER_MS is shown as idle, a candidate for a supervisor's takeover.
import type { Queryable } from "../grading/sql.ts";

export const IDLE_AFTER_MS = 10 * 60_000;

export interface LockActivity {
  readonly copyId: string;
  readonly anonymousCode: string;
  readonly holder: { readonly id: string; readonly displayName: string };
  readonly acquiredAt: string;
  readonly expiresAt: string;
  /** latest stored update of the copy by anyone (null: none since the lock was taken) */
  readonly lastEditAt: string | null;
  readonly idleSince: string;
  readonly idle: boolean;
}

export async function examLocks(q: Queryable, examId: string, now = new Date()): Promise<LockActivity[]> {
  const { rows } = await q.query<{
    copyId: string;
    anonymousCode: string;
    holderId: string;
    displayName: string;
    acquiredAt: Date;
    expiresAt: Date;
    lastEditAt: Date | null;
  }>(
    `SELECT l."copyId", c."anonymousCode", l."holderId", u."displayName", l."acquiredAt", l."expiresAt",
            (SELECT d."createdAt" FROM "CopyDocUpdate" d WHERE d."copyId" = l."copyId" ORDER BY d.seq DESC LIMIT 1) AS "lastEditAt"
       FROM "CopyLock" l JOIN "Copy" c ON c.id = l."copyId" JOIN "User" u ON u.id = l."holderId"
      WHERE c."examId" = $1::uuid AND l."expiresAt" > now()
      ORDER BY l."acquiredAt", c.seq`,
    [examId],
  );
  return rows.map((r) => {
    const edit = r.lastEditAt && r.lastEditAt > r.acquiredAt ? r.lastEditAt : null;
    const since = edit ?? r.acquiredAt;
    return {
      copyId: r.copyId,
      anonymousCode: r.anonymousCode,
      holder: { id: r.holderId, displayName: r.displayName },
      acquiredAt: r.acquiredAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      lastEditAt: edit?.toISOString() ?? null,
      idleSince: since.toISOString(),
      idle: now.getTime() - since.getTime() > IDLE_AFTER_MS,
    };
  });
}
