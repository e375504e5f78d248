// Reads the current state of copies as bytes (for joins): the cached merge plus the rows
// stored after it, or a newer snapshot plus the rows after that. Y.mergeUpdates, no Y.Doc.
import { mergeUpdates } from "../../collab/index.ts";
import type { DocStateCache } from "./doc-state-cache.ts";
import { rowsSince, type RowsSince } from "./doc-rows.ts";
import type { Queryable } from "./sql.ts";

export interface LoadedState {
  /** merged Yjs v1 update of every stored row (null: nothing stored yet) */
  readonly state: Uint8Array | null;
  /** the highest seq included (0: none) */
  readonly seq: number;
  readonly rowsSinceSnapshot: number;
}

export async function loadStates(q: Queryable, copyIds: readonly string[], cache: DocStateCache): Promise<Map<string, LoadedState>> {
  const cached = new Map(copyIds.map((id) => [id, cache.get(id)]));
  const fetched = await rowsSince(q, new Map(copyIds.map((id) => [id, cached.get(id)?.seq ?? 0])));
  const out = new Map<string, LoadedState>();
  for (const copyId of copyIds) {
    const loaded = foldRows(cached.get(copyId), fetched.get(copyId)!);
    cache.set(copyId, loaded);
    out.set(copyId, loaded);
  }
  return out;
}

/** `from` (or nothing) + what was stored since. */
export function foldRows(from: LoadedState | undefined, since: RowsSince): LoadedState {
  const base = since.snapshot ? since.snapshot.data : (from?.state ?? null);
  const baseSeq = since.snapshot ? since.snapshot.seq : (from?.seq ?? 0);
  const baseRows = since.snapshot ? 0 : (from?.rowsSinceSnapshot ?? 0);
  if (since.rows.length === 0) return { state: base, seq: baseSeq, rowsSinceSnapshot: baseRows };
  const parts = since.rows.map((r) => r.data);
  return {
    state: mergeUpdates(base ? [base, ...parts] : parts),
    seq: since.rows[since.rows.length - 1]!.seq,
    rowsSinceSnapshot: baseRows + since.rows.length,
  };
}
