// Released versions: what a student sees of a copy, frozen at release. Releasing a GRADED copy
// computes its marks view (render/copy-marks-view.ts: the same one the PDF's score sheet is drawn
// from) and compares it with the copy's last version: unchanged (same marks, same document) → no
// new version; changed → version n + 1 holding the marks, the total, the rubric version and the
// PDF of that moment (its file is never overwritten: the store is content-addressed). A copy whose
// PDF does not show the current marks yet (re-render pending after a rubric change) is not
// released: its render is enqueued and the caller is told to release it again once it is done.
import type { Db, Prisma } from "../db/client.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { agreedOverlay } from "../moderation/agreed-marks.ts";
import { loadMarksContext, marksHashOf, marksView, type MarksContext, type MarksView, type QuestionMarkView } from "../render/copy-marks-view.ts";
import { refreshRenders } from "../render/refresh-renders.ts";
import type { ScoreSheetRow } from "../render/render-types.ts";
import { readFrozen, sharedFrozenDocs } from "../supervision/frozen-docs.ts";

type Tx = Prisma.TransactionClient;

/** ReleasedVersion.content */
export interface ReleasedContent {
  readonly rows: readonly ScoreSheetRow[];
  readonly marks: readonly QuestionMarkView[];
  readonly general: string;
}

export interface VersionOutcome {
  /** copies that got a new version (their students are told) */
  readonly created: ReadonlyArray<{ copyId: string; number: number; total: number; contentHash: string; pdfSha256: string }>;
  /** copies shown again with their last version (released, unreleased, released again unchanged) */
  readonly reshown: ReadonlyArray<{ copyId: string; number: number }>;
  /** graded copies whose PDF is being re-rendered for their current marks: release them again once done */
  readonly awaitingRender: readonly string[];
}

interface Candidate {
  id: string;
  variant: string | null;
  docHash: string;
  releasedAt: Date | null;
}

interface Latest {
  copyId: string;
  number: number;
  contentHash: string;
  docHash: string;
}

/** Locks the exam's GRADED copies (all, or the selection) and gives each its released version. */
export async function releaseVersions(tx: Tx, examId: string, selection: readonly string[] | null, releasedById: string | null): Promise<VersionOutcome> {
  const candidates = selection
    ? await tx.$queryRaw<Candidate[]>`
        SELECT id, variant, "docHash", "releasedAt" FROM "Copy"
         WHERE "examId" = ${examId}::uuid AND state = 'GRADED' AND "docHash" IS NOT NULL AND id = ANY(${[...selection]}::uuid[])
         ORDER BY id FOR UPDATE`
    : await tx.$queryRaw<Candidate[]>`
        SELECT id, variant, "docHash", "releasedAt" FROM "Copy"
         WHERE "examId" = ${examId}::uuid AND state = 'GRADED' AND "docHash" IS NOT NULL
         ORDER BY id FOR UPDATE`;
  if (candidates.length === 0) return { created: [], reshown: [], awaitingRender: [] };
  const ids = candidates.map((c) => c.id);
  const latest = new Map((await latestVersions(tx, ids)).map((v) => [v.copyId, v]));
  const contents = await readFrozen(
    prismaQueryable(tx),
    sharedFrozenDocs,
    candidates.map((c) => ({ id: c.id, docHash: c.docHash })),
  );
  const artifacts = new Map(
    (
      await tx.renderedArtifact.findMany({
        where: { copyId: { in: ids } },
        select: { copyId: true, docHash: true, marksHash: true, storagePath: true, sha256: true, sizeBytes: true },
      })
    ).map((a) => [a.copyId, a]),
  );
  const contexts = new Map<string, MarksContext>();
  const agreed = await agreedOverlay(prismaQueryable(tx), ids);

  const created: Array<VersionOutcome["created"][number]> = [];
  const reshown: Array<VersionOutcome["reshown"][number]> = [];
  const stale: string[] = [];
  for (const c of candidates) {
    const key = c.variant ?? "";
    if (!contexts.has(key)) contexts.set(key, await loadMarksContext(tx, examId, c.variant));
    const content = contents.get(c.id)!;
    const view = marksView(contexts.get(key)!, {
      decisions: content.decisions,
      comments: content.comments,
      general: content.general,
      agreed: agreed.get(c.id),
    });
    const hash = marksHashOf(view);
    const last = latest.get(c.id);
    if (last && last.contentHash === hash && last.docHash === c.docHash) {
      if (c.releasedAt === null) reshown.push({ copyId: c.id, number: last.number });
      continue;
    }
    const pdf = artifacts.get(c.id);
    // null marksHash: a PDF rendered before marks were fingerprinted — which marks it shows is
    // unknown, and they differ from the last released ones (else we stopped above): re-rendered
    if (!pdf || pdf.docHash !== c.docHash || pdf.marksHash !== hash) {
      stale.push(c.id);
      continue;
    }
    const number = (last?.number ?? 0) + 1;
    await tx.releasedVersion.create({ data: versionRow(c, number, view, hash, pdf, releasedById) });
    created.push({ copyId: c.id, number, total: view.total, contentHash: hash, pdfSha256: pdf.sha256 });
  }
  const shown = [...created.map((v) => v.copyId), ...reshown.map((v) => v.copyId)];
  if (shown.length) await tx.$executeRaw`UPDATE "Copy" SET "releasedAt" = now(), "updatedAt" = now() WHERE id = ANY(${shown}::uuid[])`;
  const awaitingRender = await refreshRenders(tx, stale);
  return { created, reshown, awaitingRender };
}

export function versionRow(
  c: Pick<Candidate, "id" | "docHash">,
  number: number,
  view: MarksView,
  hash: string,
  pdf: { storagePath: string; sha256: string; sizeBytes: number },
  releasedById: string | null,
) {
  const content: ReleasedContent = { rows: view.rows, marks: view.marks, general: view.general };
  return {
    copyId: c.id,
    number,
    content: content as unknown as Prisma.InputJsonValue,
    total: view.total,
    maxPoints: view.max,
    rubricVersion: view.rubricVersion,
    docHash: c.docHash,
    contentHash: hash,
    pdfPath: pdf.storagePath,
    pdfSha256: pdf.sha256,
    pdfSizeBytes: pdf.sizeBytes,
    releasedById,
  };
}

async function latestVersions(tx: Pick<Db, "$queryRaw">, copyIds: readonly string[]): Promise<Latest[]> {
  return tx.$queryRaw<Latest[]>`
    SELECT DISTINCT ON ("copyId") "copyId", number, "contentHash", "docHash"
      FROM "ReleasedVersion" WHERE "copyId" = ANY(${[...copyIds]}::uuid[])
     ORDER BY "copyId", number DESC`;
}
