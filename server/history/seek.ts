// The state of a copy at one moment: the latest history snapshot at or before it, plus the
// stored changes after that snapshot up to the moment (at most HISTORY_SNAPSHOT_EVERY of them,
// or the live snapshot when it is closer), applied to one Y.Doc (docs/history.md).
import * as Y from "yjs";
import { computeMarks, readCopyDoc, type CopyDocContent, type CopyMarks } from "../../collab/index.ts";
import type { Db } from "../db/client.ts";
import { bytes, type Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { HistoryCopy } from "./history-access.ts";
import { scaleAtVersion } from "./history-scale.ts";

export interface CopyStateAt {
  /** the last change applied (0: before the first change) */
  readonly seq: number;
  /** when that change was stored (the copy's creation for seq 0) */
  readonly at: string;
  /** absent with format yjs */
  readonly content?: CopyDocContent;
  /** format yjs: the document at that moment, a base64 Yjs update */
  readonly state?: string;
  readonly marks: CopyMarks;
  readonly rubricVersion: number | null;
}

interface Part {
  kind: "s" | "u";
  seq: bigint;
  data: Uint8Array;
  at: Date | null;
  summary: { r?: number } | null;
}

/** The seq of the last change stored at or before `at` (0 when none); refuses a time before the copy existed. */
export async function seqAtTime(db: Db, copy: HistoryCopy, at: Date): Promise<number> {
  if (at.getTime() < copy.createdAt.getTime()) {
    throw new AppError("BEFORE_COPY_EXISTED", "The copy did not exist at that time", { createdAt: copy.createdAt.toISOString() });
  }
  const [row] = await db.$queryRaw<{ seq: bigint | null }[]>`
    SELECT GREATEST(
      (SELECT max(seq) FROM "CopyDocHistory" WHERE "copyId" = ${copy.id}::uuid AND "createdAt" <= ${at}),
      (SELECT max(seq) FROM "CopyDocUpdate" WHERE "copyId" = ${copy.id}::uuid AND "createdAt" <= ${at})) AS seq`;
  return row?.seq === null || row?.seq === undefined ? 0 : Number(row.seq);
}

// one statement: the best base (history or live snapshot at or before the target) and the rows after it
const PARTS_SQL = `
  WITH base AS (
    SELECT max(s) AS s FROM (
      SELECT max("upToSeq") AS s FROM "CopyDocHistorySnapshot" WHERE "copyId" = $1::uuid AND "upToSeq" <= $2::bigint
      UNION ALL
      SELECT "upToSeq" FROM "CopyDocSnapshot" WHERE "copyId" = $1::uuid AND "upToSeq" <= $2::bigint) b)
  SELECT * FROM (
    (SELECT 's' AS kind, h."upToSeq" AS seq, h.data, NULL::timestamptz AS at, NULL::jsonb AS summary
       FROM "CopyDocHistorySnapshot" h, base WHERE h."copyId" = $1::uuid AND h."upToSeq" = base.s
     UNION ALL
     SELECT 's', l."upToSeq", l.data, NULL, NULL FROM "CopyDocSnapshot" l, base WHERE l."copyId" = $1::uuid AND l."upToSeq" = base.s
     LIMIT 1)
    UNION ALL
    SELECT 'u', h.seq, h.data, h."createdAt", h.summary FROM "CopyDocHistory" h, base
     WHERE h."copyId" = $1::uuid AND h.seq > COALESCE(base.s, 0) AND h.seq <= $2::bigint
    UNION ALL
    SELECT 'u', u.seq, u.data, u."createdAt", u.summary FROM "CopyDocUpdate" u, base
     WHERE u."copyId" = $1::uuid AND u.seq > COALESCE(base.s, 0) AND u.seq <= $2::bigint
  ) p ORDER BY kind, seq`;

/** pool: the bytes go through node-postgres (bytea arrives as a Buffer, no conversion). */
export async function stateAt(
  db: Db,
  pool: Queryable,
  copy: HistoryCopy,
  seq: number,
  opts: { page?: number; format?: "json" | "yjs" } = {},
): Promise<CopyStateAt> {
  const target = BigInt(seq);
  const { rows } = await pool.query<Omit<Part, "seq" | "data"> & { seq: string; data: Buffer }>(PARTS_SQL, [copy.id, target.toString()]);
  const parts: Part[] = rows.map((r) => ({ ...r, seq: BigInt(r.seq), data: bytes(r.data) }));
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const p of parts) Y.applyUpdate(doc, p.data);
    });
    const last = await lastChange(db, copy, target, parts);
    const scale = await scaleAtVersion(db, copy, last.rubricVersion);
    const content = readCopyDoc(doc);
    const marks = computeMarks(scale, content);
    const head = { seq: last.seq, at: last.at.toISOString(), marks, rubricVersion: last.rubricVersion };
    if (opts.format === "yjs") return { ...head, state: Buffer.from(Y.encodeStateAsUpdate(doc)).toString("base64") };
    if (opts.page !== undefined) content.annotations = content.annotations.filter((a) => a.page === opts.page);
    return { ...head, content };
  } finally {
    doc.destroy();
  }
}

/** The last change at or before the target (the rows read when it is among them). */
async function lastChange(db: Db, copy: HistoryCopy, target: bigint, parts: readonly Part[]): Promise<{ seq: number; at: Date; rubricVersion: number | null }> {
  const rows = parts.filter((p) => p.kind === "u");
  const last = rows[rows.length - 1];
  if (last?.at) return { seq: Number(last.seq), at: last.at, rubricVersion: last.summary?.r ?? null };
  const [row] = await db.$queryRaw<{ seq: bigint; at: Date; summary: { r?: number } | null }[]>`
    SELECT seq, at, summary FROM (
      SELECT seq, "createdAt" AS at, summary FROM "CopyDocHistory" WHERE "copyId" = ${copy.id}::uuid AND seq <= ${target}
      UNION ALL
      SELECT seq, "createdAt", summary FROM "CopyDocUpdate" WHERE "copyId" = ${copy.id}::uuid AND seq <= ${target}) c
    ORDER BY seq DESC LIMIT 1`;
  if (!row) return { seq: 0, at: copy.createdAt, rubricVersion: null };
  return { seq: Number(row.seq), at: row.at, rubricVersion: row.summary?.r ?? null };
}
