// Sequence numbers and anonymous codes of new copies: one UPDATE … RETURNING on the exam row,
// inside the caller's transaction, so two writers can never get the same numbers.
import type { Db } from "../db/client.ts";
import { formatAnonymousCode } from "../exams/anonymous-code.ts";

type Tx = Pick<Db, "$queryRaw">;

/** Reserves `count` consecutive numbers; returns their codes in order. */
export async function allocateCopyCodes(tx: Tx, examId: string, count: number): Promise<Array<{ seq: number; anonymousCode: string }>> {
  if (count <= 0) return [];
  const rows = await tx.$queryRaw<Array<{ first: number; codePrefix: string }>>`
    UPDATE "Exam" SET "nextCopySeq" = "nextCopySeq" + ${count}::int
     WHERE id = ${examId}::uuid
     RETURNING "nextCopySeq" - ${count}::int AS first, "codePrefix"`;
  const row = rows[0];
  if (!row) throw new Error(`exam ${examId} not found`);
  return Array.from({ length: count }, (_, i) => ({ seq: row.first + i, anonymousCode: formatAnonymousCode(row.codePrefix, row.first + i) }));
}
