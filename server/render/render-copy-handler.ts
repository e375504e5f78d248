// One attempt at rendering a finalized copy. Every state change is conditional on the copy still
// being frozen with this document hash, so a job that outlived a reopen does nothing; an existing
// artifact for (copy, hash) with the same marks is reused, so a replayed job never renders twice.
// A GRADED copy whose marks changed without its document changing (a rubric version) gets a new
// file on the same job: its artifact row then points at it, the old file stays for released versions.
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import type { Db } from "../db/client.ts";
import type { JobHelpersLite } from "../jobs/job-definition.ts";
import { renderDuration, renderQueueAge } from "../ops/metrics.ts";
import { MediaStore } from "../storage/media-store.ts";
import { buildRenderInput } from "./build-render-input.ts";
import { publishCopyState } from "./copy-events.ts";
import type { RenderInput } from "./render-types.ts";
import { sharedRenderPool } from "./render-thread.ts";

export interface RenderCopyDeps {
  db: Db;
  media: MediaStore;
  /** renders off the event loop (a worker thread in production) */
  render: (input: RenderInput) => Promise<Uint8Array>;
  log: Logger;
}

export type RenderOutcome = "rendered" | "reused" | "stale";

interface Target {
  copyId: string;
  docHash: string;
}

interface Attempt {
  examId: string;
  /** the copy is GRADED already: its marks changed (rubric version), the PDF is brought up to date, the state stays */
  refresh: boolean;
}

/** Marks the attempt (FINALIZING, attempts + 1), or a refresh of a GRADED copy's PDF; null when the job is stale. */
async function beginAttempt(db: Db, t: Target): Promise<Attempt | null> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ state: string; examId: string }>>`
      SELECT state::text AS state, "examId"::text AS "examId" FROM "Copy"
       WHERE id = ${t.copyId}::uuid AND "docHash" = ${t.docHash} FOR UPDATE`;
    if (row?.state === "GRADED") return { examId: row.examId, refresh: true };
    if (!row || (row.state !== "FINALIZING" && row.state !== "RENDER_FAILED")) return null;
    await tx.copy.update({ where: { id: t.copyId }, data: { state: "FINALIZING", renderAttempts: { increment: 1 } } });
    if (row.state === "RENDER_FAILED") await publishCopyState(tx, { examId: row.examId, copyId: t.copyId, state: "FINALIZING" });
    return { examId: row.examId, refresh: false };
  });
}

interface Stored {
  rel: string;
  sha256: string;
  size: number;
  marksHash: string;
}

/** Replaces the copy's artifact for this document: the previous file stays in the store (a released version may point at it). */
async function saveArtifact(tx: Pick<Db, "renderedArtifact">, t: Target, stored: Stored): Promise<void> {
  const data = { sha256: stored.sha256, sizeBytes: stored.size, storagePath: stored.rel, marksHash: stored.marksHash };
  await tx.renderedArtifact.upsert({
    where: { copyId_docHash: { copyId: t.copyId, docHash: t.docHash } },
    create: { copyId: t.copyId, docHash: t.docHash, ...data },
    update: { ...data, createdAt: new Date() },
  });
}

async function complete(db: Db, a: Attempt, t: Target, stored: Stored | null): Promise<boolean> {
  return db.$transaction(async (tx) => {
    if (a.refresh) {
      const [row] = await tx.$queryRaw<
        Array<{ id: string }>
      >`SELECT id FROM "Copy" WHERE id = ${t.copyId}::uuid AND "docHash" = ${t.docHash} AND state = 'GRADED' FOR UPDATE`;
      if (!row) return false; // reopened meanwhile
      if (stored) await saveArtifact(tx, t, stored);
      return true;
    }
    const { count } = await tx.copy.updateMany({
      where: { id: t.copyId, docHash: t.docHash, state: "FINALIZING" },
      data: { state: "GRADED", renderError: null },
    });
    if (count === 0) return false; // reopened meanwhile: the file stays unreferenced, harmless (content-addressed)
    if (stored) await saveArtifact(tx, t, stored);
    await publishCopyState(tx, { examId: a.examId, copyId: t.copyId, state: "GRADED" });
    return true;
  });
}

async function markFailed(db: Db, examId: string, t: Target, error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  await db.$transaction(async (tx) => {
    const { count } = await tx.copy.updateMany({
      where: { id: t.copyId, docHash: t.docHash, state: "FINALIZING" },
      data: { state: "RENDER_FAILED", renderError: message },
    });
    if (count) await publishCopyState(tx, { examId, copyId: t.copyId, state: "RENDER_FAILED" });
  });
}

export async function renderCopy(deps: RenderCopyDeps, t: Target): Promise<RenderOutcome> {
  const started = await beginAttempt(deps.db, t);
  if (!started) {
    deps.log.info({ copyId: t.copyId }, "render job is stale (copy reopened or already graded): nothing to do");
    return "stale";
  }
  try {
    const { input, marksHash } = await buildRenderInput(deps.db, deps.media, t.copyId, t.docHash);
    const existing = await deps.db.renderedArtifact.findUnique({
      where: { copyId_docHash: { copyId: t.copyId, docHash: t.docHash } },
      select: { marksHash: true },
    });
    // same document and same marks: the PDF exists (a replayed job, or a refresh that changed nothing)
    if (existing && (existing.marksHash === marksHash || (existing.marksHash === null && !started.refresh))) {
      if (started.refresh) return "stale"; // a replayed job on a graded copy whose PDF is up to date
      return (await complete(deps.db, started, t, null)) ? "reused" : "stale";
    }
    const t0 = performance.now();
    const bytes = await deps.render(input);
    const stored = await deps.media.putBytes("renders", bytes, "pdf");
    deps.log.info(
      { copyId: t.copyId, ms: Math.round(performance.now() - t0), bytes: stored.size, sha256: stored.sha256, refresh: started.refresh },
      "copy rendered",
    );
    return (await complete(deps.db, started, t, { ...stored, marksHash })) ? "rendered" : "stale";
  } catch (e) {
    if (!started.refresh) await markFailed(deps.db, started.examId, t, e);
    throw e; // graphile-worker retries with exponential backoff until maxAttempts
  }
}

export async function handleRenderCopy(payload: Target, ctx: AppContext, job: JobHelpersLite): Promise<void> {
  if (job.queuedAt) renderQueueAge.observe(Math.max(0, Date.now() - job.queuedAt.getTime()) / 1000);
  const deps: RenderCopyDeps = { db: ctx.db, media: new MediaStore(ctx.config.mediaDir), render: (input) => sharedRenderPool().render(input), log: job.log };
  const stop = renderDuration.startTimer();
  let outcome: RenderOutcome | "failed" = "failed";
  try {
    outcome = await renderCopy(deps, payload);
  } finally {
    stop({ outcome });
  }
}
