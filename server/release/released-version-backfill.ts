// Copies released before released versions existed (releasedAt set, GRADED, no ReleasedVersion):
// each gets version 1, recording what the portal showed its student until now — the graded
// document's marks under the scale and rubric of the moment, and the PDF rendered for that
// document — so a later scale or rubric change no longer reaches them until they are released
// again. Run at start-up; idempotent (a copy with a version is never touched) and several nodes may
// run it at once (SKIP LOCKED). A released copy without a PDF is left to the portal's fallback.
import type { Logger } from "pino";
import type { Db } from "../db/client.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { loadMarksContext, marksHashOf, marksView, type MarksContext } from "../render/copy-marks-view.ts";
import { readFrozen, sharedFrozenDocs } from "../supervision/frozen-docs.ts";
import { versionRow } from "./released-version.ts";

const BATCH = 100;
/**
 * Prisma's defaults (a connection within 2 s, done within 5 s) suit a request, not a start-up: the
 * processes of a deployment start together and PostgreSQL hands out connections slowly meanwhile;
 * a worker died of it. A slow database delays the start; it does not stop it.
 */
const START_UP_TRANSACTION = { maxWait: 60_000, timeout: 120_000 };

interface Legacy {
  id: string;
  examId: string;
  variant: string | null;
  docHash: string;
  releasedAt: Date;
}

/** Returns the number of versions created. */
export async function backfillReleasedVersions(db: Db, log?: Logger): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Legacy[]>`
        SELECT c.id, c."examId", c.variant, c."docHash", c."releasedAt" FROM "Copy" c
         WHERE c."releasedAt" IS NOT NULL AND c.state = 'GRADED' AND c."docHash" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "ReleasedVersion" v WHERE v."copyId" = c.id)
           AND EXISTS (SELECT 1 FROM "RenderedArtifact" a WHERE a."copyId" = c.id AND a."docHash" = c."docHash")
         ORDER BY c.id LIMIT ${BATCH} FOR UPDATE OF c SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const contents = await readFrozen(
        prismaQueryable(tx),
        sharedFrozenDocs,
        rows.map((c) => ({ id: c.id, docHash: c.docHash })),
      );
      const artifacts = await tx.renderedArtifact.findMany({
        where: { OR: rows.map((c) => ({ copyId: c.id, docHash: c.docHash })) },
        select: { copyId: true, storagePath: true, sha256: true, sizeBytes: true },
      });
      const contexts = new Map<string, MarksContext>();
      for (const c of rows) {
        const key = `${c.examId}|${c.variant ?? ""}`;
        if (!contexts.has(key)) contexts.set(key, await loadMarksContext(tx, c.examId, c.variant));
        const view = marksView(contexts.get(key)!, contents.get(c.id)!);
        const pdf = artifacts.find((a) => a.copyId === c.id)!;
        await tx.releasedVersion.create({ data: { ...versionRow(c, 1, view, marksHashOf(view), pdf, null), releasedAt: c.releasedAt } });
      }
      return rows.length;
    }, START_UP_TRANSACTION);
    if (n === 0) break;
    done += n;
  }
  if (done > 0) log?.info({ copies: done }, "released versions recorded for copies released before versions existed");
  return done;
}
