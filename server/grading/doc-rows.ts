// The stored rows of copies after a given seq, and their snapshot when it is newer: one SQL
// statement, so one consistent view even while compaction replaces rows by a snapshot.
import { bytes, type Queryable } from "./sql.ts";

export interface StoredPart {
  readonly seq: number;
  readonly data: Uint8Array;
}

export interface RowsSince {
  /** a snapshot newer than `since`: it holds everything up to its seq */
  readonly snapshot: StoredPart | null;
  /** rows after max(since, snapshot seq), in seq order */
  readonly rows: StoredPart[];
}

const SQL = `
  WITH k AS (SELECT * FROM unnest($1::uuid[], $2::bigint[]) AS k(copy_id, since))
  SELECT s."copyId", 's' AS kind, s."upToSeq" AS seq, s.data
    FROM k JOIN "CopyDocSnapshot" s ON s."copyId" = k.copy_id AND s."upToSeq" > k.since
  UNION ALL
  SELECT u."copyId", 'u' AS kind, u.seq, u.data
    FROM k JOIN "CopyDocUpdate" u ON u."copyId" = k.copy_id AND u.seq > k.since
  ORDER BY 1, 3, 2`;

/** int8 arrives as a string. */
interface Row {
  copyId: string;
  kind: "s" | "u";
  seq: string;
  data: Buffer;
}

export async function rowsSince(q: Queryable, since: ReadonlyMap<string, number>): Promise<Map<string, RowsSince>> {
  const ids = [...since.keys()];
  const { rows } = await q.query<Row>(SQL, [ids, ids.map((id) => since.get(id)!)]);
  const out = new Map<string, { snapshot: StoredPart | null; rows: StoredPart[] }>(ids.map((id) => [id, { snapshot: null, rows: [] }]));
  for (const r of rows) {
    const entry = out.get(r.copyId)!;
    const part = { seq: Number(r.seq), data: bytes(r.data) };
    if (r.kind === "s") {
      entry.snapshot = part;
      entry.rows = entry.rows.filter((p) => p.seq > part.seq);
    } else if (!entry.snapshot || part.seq > entry.snapshot.seq) {
      entry.rows.push(part);
    }
  }
  return out;
}
