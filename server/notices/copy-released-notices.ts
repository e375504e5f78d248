// "Your copy is available": one notice per released version of a copy to its student's account,
// called once inside the release transaction. A version is the copy's released version (its number;
// the frozen content's docHash before versions existed): releasing the same content again
// (unrelease, release) notifies nobody twice; a copy whose marks changed (reopened and graded again,
// a rubric change) and released again is announced as a new version.
import { enqueueNotice, type NoticeTx } from "./enqueue-notice.ts";

interface ReleasedCopy {
  copyId: string;
  examId: string;
  examTitle: string;
  docHash: string | null;
  version: number | null;
  userId: string;
  announced: boolean;
}

/** Returns how many notices were created (copies without a student account get none). */
export async function noticeCopiesReleased(tx: NoticeTx, copyIds: readonly string[]): Promise<number> {
  if (copyIds.length === 0) return 0;
  const rows = await tx.$queryRaw<ReleasedCopy[]>`
    SELECT c.id AS "copyId", c."examId", e.title AS "examTitle", c."docHash", s."userId",
           (SELECT max(v.number) FROM "ReleasedVersion" v WHERE v."copyId" = c.id) AS version,
           EXISTS (SELECT 1 FROM "Notice" n WHERE n."userId" = s."userId" AND n.kind = 'COPY_RELEASED' AND n.params->>'copyId' = c.id::text) AS announced
      FROM "Copy" c JOIN "Exam" e ON e.id = c."examId" JOIN "Student" s ON s.id = c."studentId"
     WHERE c.id = ANY(${[...copyIds]}::uuid[]) AND s."userId" IS NOT NULL
     ORDER BY c.id`;
  let created = 0;
  for (const r of rows) {
    const id = await enqueueNotice(tx, {
      userId: r.userId,
      kind: "COPY_RELEASED",
      params: { copyId: r.copyId, examId: r.examId, examTitle: r.examTitle, newVersion: r.announced },
      dedupeKey: r.version === null ? `copy-released:${r.copyId}:${r.docHash ?? "none"}` : `copy-released:${r.copyId}:v${r.version}`,
    });
    if (id) created++;
  }
  return created;
}
