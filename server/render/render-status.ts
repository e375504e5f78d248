// Where a copy's final PDF stands, and the file itself once the copy is graded.
import fs from "node:fs/promises";
import type { CopyState, Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { loadVisibleCopy } from "./copy-target.ts";

export interface RenderStatus {
  copyId: string;
  state: CopyState;
  docHash: string | null;
  finalizedAt: string | null;
  renderAttempts: number;
  renderError: string | null;
  /** `downloadUrl` is null for graders: the PDF names the student (supervisors and admins download it) */
  artifact: { sha256: string; sizeBytes: number; createdAt: string; downloadUrl: string | null } | null;
}

export interface RenderedFile {
  absPath: string;
  sha256: string;
  sizeBytes: number;
  /** "<exam title> - <anonymous code>.pdf" */
  fileName: string;
}

async function current(db: Db, copyId: string) {
  const copy = await db.copy.findUniqueOrThrow({
    where: { id: copyId },
    select: { state: true, docHash: true, finalizedAt: true, renderAttempts: true, renderError: true, anonymousCode: true, exam: { select: { title: true } } },
  });
  const artifact =
    copy.state === "GRADED" && copy.docHash ? await db.renderedArtifact.findUnique({ where: { copyId_docHash: { copyId, docHash: copy.docHash } } }) : null;
  return { copy, artifact };
}

export async function getRenderStatus(db: Db, actor: Actor | null, copyId: string): Promise<RenderStatus> {
  await loadVisibleCopy(db, actor, copyId);
  const { copy, artifact } = await current(db, copyId);
  return {
    copyId,
    state: copy.state,
    docHash: copy.docHash,
    finalizedAt: copy.finalizedAt?.toISOString() ?? null,
    renderAttempts: copy.renderAttempts,
    renderError: copy.renderError,
    artifact: artifact && {
      sha256: artifact.sha256,
      sizeBytes: artifact.sizeBytes,
      createdAt: artifact.createdAt.toISOString(),
      downloadUrl: can(actor, "copy.downloadFinalPdf") ? `/api/copies/${copyId}/render/pdf` : null,
    },
  };
}

export async function openRenderedPdf(db: Db, media: MediaStore, actor: Actor | null, copyId: string): Promise<RenderedFile> {
  await loadVisibleCopy(db, actor, copyId);
  if (!can(actor, "copy.downloadFinalPdf"))
    throw new AppError("FORBIDDEN", "The final PDF names the student: the exam office and supervisors download it, graders see its state only");
  const { copy, artifact } = await current(db, copyId);
  if (!artifact) throw new AppError("INVALID_STATE", `No final PDF yet: the copy is ${copy.state}`, { state: copy.state });
  const safe = `${copy.exam.title} - ${copy.anonymousCode}`.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, " ").trim();
  const absPath = media.abs(artifact.storagePath);
  await fs.access(absPath); // a missing file is a server fault (500, logged), not the client's
  return { absPath, sha256: artifact.sha256, sizeBytes: artifact.sizeBytes, fileName: `${safe}.pdf` };
}
