// A copy's timeline: every stored change, from the history table (compacted) and the live rows,
// in seq order, without their bytes. Authors are listed once (the entries name them by id).
import type { Db } from "../db/client.ts";

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
  seq: bigint;
  at: Date;
  by: string | null;
  origin: string;
  summary: { q?: string[]; k?: string[]; a?: string[]; r?: number } | null;
}

export async function loadTimeline(db: Db, copy: { id: string; createdAt: Date }, filter: { author?: string; question?: string }): Promise<Timeline> {
  const author = filter.author ?? null;
  const question = filter.question ?? null;
  const rows = await db.$queryRaw<Row[]>`
    SELECT seq, at, by, origin, summary FROM (
      SELECT h.seq, h."createdAt" AS at, h."authorId" AS by, h.origin, h.summary FROM "CopyDocHistory" h WHERE h."copyId" = ${copy.id}::uuid
      UNION ALL
      SELECT u.seq, u."createdAt", u."authorId", u.origin, u.summary FROM "CopyDocUpdate" u WHERE u."copyId" = ${copy.id}::uuid
    ) c
    WHERE (${author}::uuid IS NULL OR c.by = ${author}::uuid)
      AND (${question}::text IS NULL OR (c.summary -> 'q') @> jsonb_build_array(${question}::text))
    ORDER BY seq`;
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
