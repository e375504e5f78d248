// An exam's copies for exports, read in batches with keyset pagination (never the whole exam in
// memory): identified copies by student name, then unidentified ones by sequence number. The
// consumer pulls the next batch only when it has written the previous one (stream backpressure).
import type { CopyState } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";

export interface ExportCopyRow {
  readonly id: string;
  readonly seq: number;
  readonly anonymousCode: string;
  readonly state: CopyState;
  readonly docHash: string | null;
  readonly variant: string | null;
  readonly student: {
    readonly lastName: string;
    readonly firstName: string;
    readonly ine: string | null;
    readonly className: string | null;
    readonly birthDate: Date | null;
  } | null;
}

interface Row {
  id: string;
  seq: number;
  anonymousCode: string;
  state: CopyState;
  docHash: string | null;
  variant: string | null;
  lastName: string | null;
  firstName: string | null;
  ine: string | null;
  className: string | null;
  birthDate: Date | null;
}

export interface CopyRowsOptions {
  readonly batchSize?: number;
  /** leave out copies not linked to a student (Pronote matches students by name) */
  readonly identifiedOnly?: boolean;
}

const COLUMNS = `c.id, c.seq, c."anonymousCode", c.state::text AS state, c."docHash", c.variant,
  s."lastName", s."firstName", s.ine, s."className", s."birthDate"`;

const toExport = (r: Row): ExportCopyRow => ({
  id: r.id,
  seq: r.seq,
  anonymousCode: r.anonymousCode,
  state: r.state,
  docHash: r.docHash,
  variant: r.variant,
  student: r.lastName === null ? null : { lastName: r.lastName, firstName: r.firstName ?? "", ine: r.ine, className: r.className, birthDate: r.birthDate },
});

async function identifiedPage(q: Queryable, examId: string, after: Row | null, size: number): Promise<Row[]> {
  const { rows } = after
    ? await q.query<Row>(
        `SELECT ${COLUMNS} FROM "Copy" c JOIN "Student" s ON s.id = c."studentId"
          WHERE c."examId" = $1::uuid AND (s."lastName", s."firstName", c.seq) > ($2, $3, $4)
          ORDER BY s."lastName", s."firstName", c.seq LIMIT $5`,
        [examId, after.lastName, after.firstName, after.seq, size],
      )
    : await q.query<Row>(
        `SELECT ${COLUMNS} FROM "Copy" c JOIN "Student" s ON s.id = c."studentId"
          WHERE c."examId" = $1::uuid ORDER BY s."lastName", s."firstName", c.seq LIMIT $2`,
        [examId, size],
      );
  return rows;
}

async function unidentifiedPage(q: Queryable, examId: string, afterSeq: number, size: number): Promise<Row[]> {
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM "Copy" c LEFT JOIN "Student" s ON false
      WHERE c."examId" = $1::uuid AND c."studentId" IS NULL AND c.seq > $2 ORDER BY c.seq LIMIT $3`,
    [examId, afterSeq, size],
  );
  return rows;
}

export async function* examCopyBatches(q: Queryable, examId: string, opts: CopyRowsOptions = {}): AsyncGenerator<ExportCopyRow[]> {
  const size = opts.batchSize ?? 200;
  let after: Row | null = null;
  for (;;) {
    const rows = await identifiedPage(q, examId, after, size);
    if (rows.length) yield rows.map(toExport);
    if (rows.length < size) break;
    after = rows[rows.length - 1]!;
  }
  if (opts.identifiedOnly) return;
  let afterSeq = 0;
  for (;;) {
    const rows = await unidentifiedPage(q, examId, afterSeq, size);
    if (rows.length) yield rows.map(toExport);
    if (rows.length < size) break;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}
