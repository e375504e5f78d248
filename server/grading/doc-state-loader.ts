// Reads the current state of copies: the cached merge plus the rows stored after it, or a
// newer snapshot plus the rows after that. One SQL statement, so one consistent view even
// while compaction replaces rows by a snapshot. Works on bytes (Y.mergeUpdates), no Y.Doc.
import { mergeUpdates } from "../../collab/index.ts";
import type { DocStateCache } from "./doc-state-cache.ts";
import { bytes, type Queryable } from "./sql.ts";

export interface LoadedState {
  /** merged Yjs v1 update of every stored row (null: nothing stored yet) */
  readonly state: Uint8Array | null;
  /** the highest seq included (0: none) */
  readonly seq: number;
  readonly rowsSinceSnapshot: number;
}

interface Row {
  copyId: string;
  kind: "s" | "u";
  seq: string;
  data: Buffer;
}

const SQL = `
  WITH k AS (SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS k(copy_id, since))
  SELECT s."copyId", 's' AS kind, s."upToSeq" AS seq, s.data
    FROM k JOIN "CopyDocSnapshot" s ON s."copyId" = k.copy_id AND s."upToSeq" > k.since
  UNION ALL
  SELECT u."copyId", 'u' AS kind, u.seq AS seq, u.data
    FROM k JOIN "CopyDocUpdate" u ON u."copyId" = k.copy_id AND u.seq > k.since
  ORDER BY 1, 3, 2`;

export async function loadStates(q: Queryable, copyIds: readonly string[], cache: DocStateCache): Promise<Map<string, LoadedState>> {
  const cached = copyIds.map((id) => cache.get(id));
  const { rows } = await q.query<Row>(SQL, [copyIds, cached.map((c) => c?.seq ?? 0)]);
  const byCopy = new Map<string, Row[]>();
  for (const r of rows) {
    const list = byCopy.get(r.copyId) ?? [];
    list.push(r);
    byCopy.set(r.copyId, list);
  }
  const out = new Map<string, LoadedState>();
  copyIds.forEach((copyId, i) => {
    const loaded = fold(cached[i], byCopy.get(copyId) ?? []);
    cache.set(copyId, loaded);
    out.set(copyId, loaded);
  });
  return out;
}

function fold(from: LoadedState | undefined, rows: Row[]): LoadedState {
  let base = from?.state ?? null;
  let seq = from?.seq ?? 0;
  let rowsSinceSnapshot = from?.rowsSinceSnapshot ?? 0;
  let parts: Uint8Array[] = [];
  for (const r of rows) {
    const rowSeq = Number(r.seq);
    if (r.kind === "s") {
      // a newer snapshot holds everything up to its seq, the cached state included
      base = bytes(r.data);
      parts = [];
      seq = rowSeq;
      rowsSinceSnapshot = 0;
    } else if (rowSeq > seq) {
      parts.push(bytes(r.data));
      seq = rowSeq;
      rowsSinceSnapshot++;
    }
  }
  if (parts.length === 0) return { state: base, seq, rowsSinceSnapshot };
  return { state: mergeUpdates(base ? [base, ...parts] : parts), seq, rowsSinceSnapshot };
}
