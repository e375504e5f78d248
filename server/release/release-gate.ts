// The scan-integrity gate of release: a copy is not shown to a student while it is unidentified
// (its marks would reach nobody, or the wrong student once identified), still in staging (its scan
// was never validated) or shorter than the exam's expected page count (a page lost at the scanner);
// for a QR booklet, missing any of its printed pages (which ones is known from the codes); a
// double-marked copy whose second marking or reconciliation is not finished (its agreed marks are not all decided).
// "Publish all" looks at every copy of the exam, a selection at the selected copies.
import type { Prisma } from "../db/client.ts";

type Tx = Prisma.TransactionClient;

export const BLOCK_REASONS = ["UNIDENTIFIED", "STAGING", "PAGES_MISSING", "RECONCILIATION_PENDING"] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];

export interface BlockedCopy {
  readonly copyId: string;
  readonly anonymousCode: string;
  readonly reasons: readonly BlockReason[];
  readonly pages: number;
  /** the exam's expected page count (a booklet's printed pages for a QR booklet), null when none is set */
  readonly expectedPages: number | null;
  /** a QR booklet's printed pages that were not scanned (1-based); empty otherwise */
  readonly missingPages: readonly number[];
}

interface Row {
  id: string;
  anonymousCode: string;
  state: string;
  studentId: string | null;
  pages: number;
  expected: number | null;
  missing: number[] | null;
  pendingReconciliation: boolean;
}

/** The copies this release would show, or leave behind in staging, that fail the gate. */
export async function releaseBlocks(tx: Tx, examId: string, selection: readonly string[] | null): Promise<BlockedCopy[]> {
  const rows = await tx.$queryRaw<Row[]>`
    SELECT c.id, c."anonymousCode", c.state::text AS state, c."studentId", COALESCE(b."pageCount", e."expectedPageCount") AS expected,
           (SELECT count(*)::int FROM "Page" p WHERE p."copyId" = c.id) AS pages,
           CASE WHEN b.id IS NULL THEN NULL ELSE ARRAY(
             SELECT g FROM generate_series(1, b."pageCount") g
              WHERE NOT EXISTS (SELECT 1 FROM "Page" p WHERE p."copyId" = c.id AND p."bookletPage" = g) ORDER BY g) END AS missing,
           EXISTS (SELECT 1 FROM "SecondMarking" sm WHERE sm."copyId" = c.id AND (sm.status IN ('WAITING', 'GRADING')
             OR (sm.status = 'DONE' AND (NOT EXISTS (SELECT 1 FROM "QuestionReconciliation" r WHERE r."copyId" = c.id)
                                         OR EXISTS (SELECT 1 FROM "QuestionReconciliation" r WHERE r."copyId" = c.id AND r.mark IS NULL))))) AS "pendingReconciliation"
      FROM "Copy" c JOIN "Exam" e ON e.id = c."examId" LEFT JOIN "Booklet" b ON b."copyId" = c.id
     WHERE c."examId" = ${examId}::uuid AND c.state IN ('STAGING', 'GRADED')
       AND (${selection === null} OR c.id = ANY(${[...(selection ?? [])]}::uuid[]))
     ORDER BY c.seq`;
  const blocked: BlockedCopy[] = [];
  for (const r of rows) {
    const reasons: BlockReason[] = [];
    if (r.studentId === null) reasons.push("UNIDENTIFIED");
    if (r.state === "STAGING") reasons.push("STAGING");
    const missing = r.missing ?? [];
    if (missing.length > 0 || (r.missing === null && r.expected !== null && r.pages < r.expected)) reasons.push("PAGES_MISSING");
    if (r.pendingReconciliation) reasons.push("RECONCILIATION_PENDING");
    if (reasons.length)
      blocked.push({ copyId: r.id, anonymousCode: r.anonymousCode, reasons, pages: r.pages, expectedPages: r.expected, missingPages: missing });
  }
  return blocked;
}
