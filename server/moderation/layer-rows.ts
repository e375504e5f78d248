// A moderation layer's stored document: its snapshot (if any) and the updates after it, merged
// into one Yjs update (no Y.Doc). One statement, so one consistent view while compaction runs.
import { mergeUpdates } from "../../collab/index.ts";
import { bytes, type Queryable } from "../grading/sql.ts";

export interface LayerState {
  /** merged Yjs v1 update (null: nothing stored yet) */
  readonly state: Uint8Array | null;
  /** the highest seq included (0: none) */
  readonly seq: number;
  /** updates stored after the snapshot (compaction's trigger) */
  readonly rowsSinceSnapshot: number;
}

const SQL = `
  WITH s AS (SELECT data, "upToSeq" FROM "LayerDocSnapshot" WHERE "copyId" = $1::uuid AND layer = $2)
  SELECT 's' AS kind, "upToSeq" AS seq, data FROM s
  UNION ALL
  SELECT 'u', u.seq, u.data FROM "LayerDocUpdate" u
   WHERE u."copyId" = $1::uuid AND u.layer = $2 AND u.seq > COALESCE((SELECT "upToSeq" FROM s), 0)
  ORDER BY 1, 2`;

export async function readLayerState(q: Queryable, copyId: string, layer: string): Promise<LayerState> {
  const { rows } = await q.query<{ kind: "s" | "u"; seq: string; data: Buffer }>(SQL, [copyId, layer]);
  if (rows.length === 0) return { state: null, seq: 0, rowsSinceSnapshot: 0 };
  const parts = rows.map((r) => bytes(r.data));
  const updates = rows.filter((r) => r.kind === "u");
  return {
    state: parts.length === 1 ? parts[0]! : mergeUpdates(parts),
    seq: Math.max(...rows.map((r) => Number(r.seq))),
    rowsSinceSnapshot: updates.length,
  };
}

/** Appends one validated update; the caller holds the Copy row's lock, so seqs commit in order per copy. */
export async function insertLayerUpdate(
  q: Queryable,
  row: { copyId: string; layer: string; data: Uint8Array; authorId: string; summary: unknown },
): Promise<number> {
  const { rows } = await q.query<{ seq: string }>(
    `INSERT INTO "LayerDocUpdate" ("copyId", layer, data, "authorId", summary) VALUES ($1::uuid, $2, $3, $4::uuid, $5::jsonb) RETURNING seq`,
    [row.copyId, row.layer, Buffer.from(row.data.buffer, row.data.byteOffset, row.data.byteLength), row.authorId, JSON.stringify(row.summary)],
  );
  return Number(rows[0]!.seq);
}

/**
 * Folds the layer's updates into its snapshot. The updates stay where they are: they are the
 * layer's history (a second marking is a few hundred updates, not the main path's volume).
 */
export async function compactLayer(q: Queryable, copyId: string, layer: string): Promise<{ upToSeq: number } | null> {
  const st = await readLayerState(q, copyId, layer);
  if (!st.state || st.rowsSinceSnapshot === 0) return null;
  await q.query(
    `INSERT INTO "LayerDocSnapshot" ("copyId", layer, data, "upToSeq", "updatedAt") VALUES ($1::uuid, $2, $3, $4, now())
     ON CONFLICT ("copyId", layer) DO UPDATE SET data = EXCLUDED.data, "upToSeq" = EXCLUDED."upToSeq", "updatedAt" = now()
      WHERE "LayerDocSnapshot"."upToSeq" < EXCLUDED."upToSeq"`,
    [copyId, layer, Buffer.from(st.state.buffer, st.state.byteOffset, st.state.byteLength), st.seq],
  );
  return { upToSeq: st.seq };
}

/** The layer's history: every update with its author, time and what it changed (never deleted). */
export async function layerTimeline(
  q: Queryable,
  copyId: string,
  layer: string,
): Promise<Array<{ seq: number; at: string; authorId: string | null; summary: unknown }>> {
  const { rows } = await q.query<{ seq: string; createdAt: Date; authorId: string | null; summary: unknown }>(
    `SELECT seq, "createdAt", "authorId", summary FROM "LayerDocUpdate" WHERE "copyId" = $1::uuid AND layer = $2 ORDER BY seq`,
    [copyId, layer],
  );
  return rows.map((r) => ({ seq: Number(r.seq), at: r.createdAt.toISOString(), authorId: r.authorId, summary: r.summary }));
}
