// Row locks and checks shared by the stapler operations.
import type { Db } from "../db/client.ts";
import { AppError, notFound } from "../errors/app-error.ts";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Locks the copies (FOR UPDATE) and checks they are STAGING copies of the exam. */
export async function lockStagingCopies(
  tx: Tx,
  examId: string,
  ids: string[],
): Promise<Map<string, { id: string; studentId: string | null; batchId: string | null; variant: string | null }>> {
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<
    Array<{ id: string; examId: string; state: string; studentId: string | null; batchId: string | null; variant: string | null }>
  >`
    SELECT id, "examId", state::text AS state, "studentId", "batchId", variant FROM "Copy" WHERE id = ANY(${unique}::uuid[]) ORDER BY id FOR UPDATE`;
  const found = new Map(rows.filter((r) => r.examId === examId).map((r) => [r.id, r]));
  for (const id of unique) {
    const c = found.get(id);
    if (!c) throw notFound("Copy");
    if (c.state !== "STAGING")
      throw new AppError("INVALID_STATE", "This copy is already validated: the stapler only changes copies before validation", { copyId: id });
  }
  return found;
}

/** Pages of the exam (in a copy of it, or set aside from one of its batches), locked. */
export async function lockPages(tx: Tx, examId: string, ids: string[]) {
  const unique = [...new Set(ids)];
  const rows = await tx.$queryRaw<Array<{ id: string; copyId: string | null; rotation: number; widthPt: number; heightPt: number }>>`
    SELECT p.id, p."copyId", p.rotation, p."widthPt", p."heightPt"
      FROM "Page" p LEFT JOIN "Copy" c ON c.id = p."copyId" LEFT JOIN "ScanBatch" b ON b.id = p."batchId"
     WHERE p.id = ANY(${unique}::uuid[]) AND (c."examId" = ${examId}::uuid OR (p."copyId" IS NULL AND b."examId" = ${examId}::uuid))
     ORDER BY p.id FOR UPDATE OF p`;
  if (rows.length !== unique.length) throw notFound("Page");
  return new Map(rows.map((r) => [r.id, r]));
}

/** Puts pages into a copy in this order (positions 0..n-1). */
export async function placePages(tx: Tx, copyId: string | null, orderedIds: string[]): Promise<void> {
  if (!orderedIds.length) return;
  await tx.$executeRaw`
    UPDATE "Page" AS p SET "copyId" = ${copyId}::uuid, position = (v.ord - 1)::int,
           "looseReason" = CASE WHEN ${copyId}::uuid IS NULL THEN p."looseReason" END
      FROM unnest(${orderedIds}::uuid[]) WITH ORDINALITY AS v(id, ord) WHERE p.id = v.id`;
}

export async function pageIdsOf(tx: Tx, copyId: string): Promise<string[]> {
  const pages = await tx.page.findMany({ where: { copyId }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true } });
  return pages.map((p) => p.id);
}
