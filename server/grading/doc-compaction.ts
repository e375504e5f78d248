// Compaction: a copy's snapshot plus its rows up to maxSeq become one snapshot (upToSeq =
// maxSeq), and exactly those rows MOVE to the history table (author, time, origin kept), in one
// transaction; every HISTORY_SNAPSHOT_EVERY rows of history a history snapshot is written too
// (docs/history.md). Appends never wait: they
// take other rows, and an append that commits meanwhile has a seq above maxSeq (appends to
// one copy commit in seq order, see doc-store.ts), so it is neither merged nor deleted.
// Merging goes through a garbage-collected Y.Doc (collab's compactState): applying N updates
// to a doc is ~10× faster than Y.mergeUpdates of N, and drops deleted content.
import type { Db } from "../db/client.ts";
import { foldWithCheckpoints } from "./history-checkpoints.ts";

/** A history snapshot every this many changes of a copy: a seek applies at most this many rows. */
export const HISTORY_SNAPSHOT_EVERY = 200;

export interface CompactionResult {
  readonly copyId: string;
  /** rows folded into the snapshot (0: nothing to do or another compaction was running) */
  readonly merged: number;
  readonly upToSeq: bigint | null;
  readonly bytes: number;
}

interface StoredRow {
  kind: "s" | "u";
  seq: bigint;
  data: Uint8Array;
}

export async function compactCopyDoc(db: Db, copyId: string, opts: { snapshotEvery?: number } = {}): Promise<CompactionResult> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtextextended(${`korrigo:compact:${copyId}`}, 0)) AS ok`;
      if (!lock?.ok) return { copyId, merged: 0, upToSeq: null, bytes: 0 };
      // one statement: the snapshot and the rows after it come from one consistent view
      const rows = await tx.$queryRaw<StoredRow[]>`
        SELECT 's' AS kind, s."upToSeq" AS seq, s.data FROM "CopyDocSnapshot" s WHERE s."copyId" = ${copyId}::uuid
        UNION ALL
        SELECT 'u' AS kind, u.seq, u.data FROM "CopyDocUpdate" u
         WHERE u."copyId" = ${copyId}::uuid AND u.seq > COALESCE((SELECT "upToSeq" FROM "CopyDocSnapshot" WHERE "copyId" = ${copyId}::uuid), 0)
        ORDER BY 1, 2`;
      const updates = rows.filter((r) => r.kind === "u");
      if (updates.length === 0) return { copyId, merged: 0, upToSeq: null, bytes: 0 };
      const maxSeq = updates[updates.length - 1]!.seq;
      const every = opts.snapshotEvery ?? HISTORY_SNAPSHOT_EVERY;
      const [since] = await tx.$queryRaw<{ rows: number; bytes: number; lastBytes: number }[]>`
        WITH last AS (SELECT "upToSeq", octet_length(data) AS size FROM "CopyDocHistorySnapshot" WHERE "copyId" = ${copyId}::uuid ORDER BY "upToSeq" DESC LIMIT 1)
        SELECT count(*)::int AS rows, COALESCE(sum(octet_length(h.data)), 0)::int AS bytes, COALESCE((SELECT size FROM last), 0)::int AS "lastBytes"
          FROM "CopyDocHistory" h WHERE h."copyId" = ${copyId}::uuid AND h.seq > COALESCE((SELECT "upToSeq" FROM last), 0)`;
      const base = rows.filter((r) => r.kind === "s").map((r) => r.data);
      const { merged, checkpoints } = foldWithCheckpoints(base, updates, every, since ?? { rows: 0, bytes: 0, lastBytes: 0 });
      await tx.$executeRaw`
        INSERT INTO "CopyDocSnapshot" ("copyId", data, "upToSeq", "updatedAt") VALUES (${copyId}::uuid, ${merged}, ${maxSeq}, now())
        ON CONFLICT ("copyId") DO UPDATE SET data = EXCLUDED.data, "upToSeq" = EXCLUDED."upToSeq", "updatedAt" = now()
        WHERE "CopyDocSnapshot"."upToSeq" < EXCLUDED."upToSeq"`;
      // moved, not deleted: the history keeps every change with its author, time and origin
      await tx.$executeRaw`
        WITH moved AS (DELETE FROM "CopyDocUpdate" WHERE "copyId" = ${copyId}::uuid AND seq <= ${maxSeq} RETURNING *)
        INSERT INTO "CopyDocHistory" (seq, "copyId", data, "authorId", "createdAt", origin, summary)
        SELECT seq, "copyId", data, "authorId", "createdAt", origin, summary FROM moved`;
      for (const c of checkpoints) {
        await tx.$executeRaw`INSERT INTO "CopyDocHistorySnapshot" ("copyId", "upToSeq", data) VALUES (${copyId}::uuid, ${c.seq}, ${c.data}) ON CONFLICT DO NOTHING`;
      }
      return { copyId, merged: updates.length, upToSeq: maxSeq, bytes: merged.length };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/**
 * Compacts the copies holding at least minUpdates rows, largest first (the worker's maintenance step).
 * `idleSeconds`: only copies nobody wrote to for that long. A copy being graded is compacted by its
 * own job once it gathers ~200 rows (doc-store.ts); the sweep is for what stays below that, once
 * its grader has moved on — sweeping the copies in use folded a whole class's documents in one
 * go every minute, a burst that held the nodes' CPU (docs/operations.md).
 */
export async function compactDueDocs(db: Db, opts: { minUpdates: number; limit?: number; idleSeconds?: number }): Promise<{ copies: number; merged: number }> {
  const due = await db.$queryRaw<{ copyId: string }[]>`
    SELECT "copyId" FROM "CopyDocUpdate" GROUP BY "copyId"
    HAVING count(*) >= ${opts.minUpdates}::int AND max("createdAt") <= now() - make_interval(secs => ${opts.idleSeconds ?? 0}::int)
     ORDER BY count(*) DESC LIMIT ${opts.limit ?? 100}::int`;
  let copies = 0;
  let merged = 0;
  for (const { copyId } of due) {
    const r = await compactCopyDoc(db, copyId);
    if (r.merged > 0) copies++;
    merged += r.merged;
  }
  return { copies, merged };
}
