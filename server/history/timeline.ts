// A copy's timeline: every stored change, from the history table (compacted) and the live rows,
// in seq order, without their bytes. Authors are listed once (the entries name them by id).
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";

export interface TimelineEntry {
  readonly seq: number;
  readonly at: string;
  /** the author's user id (null: a deleted account) */
  readonly by: string | null;
  /** desk | question | reopen (docs/history.md) */
  readonly origin: string;
  /** questions changed */
  readonly q: string[];
  /** roots changed: annotations, scores, items, adjust, checked, comments, general */
  readonly k: string[];
  /** kinds of the annotations added or edited */
  readonly a: string[];
  /** the rubric version in force */
  readonly r: number | null;
}

export interface Timeline {
  readonly copyId: string;
  readonly createdAt: string;
  readonly authors: Array<{ id: string; displayName: string; role: string }>;
  readonly changes: TimelineEntry[];
}

interface Row {
  /** int8 arrives as a string */
  seq: string;
  at: Date;
  by: string | null;
  origin: string;
  summary: { q?: string[]; k?: string[]; a?: string[]; r?: number } | null;
}

const SQL = `
  SELECT seq, at, by, origin, summary FROM (
    SELECT h.seq, h."createdAt" AS at, h."authorId" AS by, h.origin, h.summary FROM "CopyDocHistory" h WHERE h."copyId" = $1::uuid
    UNION ALL
    SELECT u.seq, u."createdAt", u."authorId", u.origin, u.summary FROM "CopyDocUpdate" u WHERE u."copyId" = $1::uuid
  ) c
  WHERE ($2::uuid IS NULL OR c.by = $2::uuid)
    AND ($3::text IS NULL OR (c.summary -> 'q') @> jsonb_build_array($3::text))
  ORDER BY seq`;

/** pool: thousands of rows go through node-postgres directly. */
export async function loadTimeline(
  db: Db,
  pool: Queryable,
  copy: { id: string; createdAt: Date },
  filter: { author?: string; question?: string },
): Promise<Timeline> {
  const { rows } = await pool.query<Row>(SQL, [copy.id, filter.author ?? null, filter.question ?? null]);
  const ids = [...new Set(rows.map((r) => r.by).filter((id): id is string => id !== null))];
  const users = ids.length === 0 ? [] : await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true, role: true } });
  return {
    copyId: copy.id,
    createdAt: copy.createdAt.toISOString(),
    authors: users,
    changes: rows.map((r) => ({
      seq: Number(r.seq),
      at: r.at.toISOString(),
      by: r.by,
      origin: r.origin,
      q: r.summary?.q ?? [],
      k: r.summary?.k ?? [],
      a: r.summary?.a ?? [],
      r: r.summary?.r ?? null,
    })),
  };
}
