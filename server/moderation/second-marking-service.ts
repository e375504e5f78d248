// A second marking's life after it was asked: the marker finalizes their layer (DONE), a supervisor
// withdraws it (CANCELLED), and the lists (a supervisor's per exam, a marker's queue). Every change
// locks the Copy row, then the SecondMarking row (marking-lock.ts), and refreshes reconciliation in
// the same transaction (second-marking-hooks.ts).
import { computeMarks, readDecisions } from "../../collab/index.ts";
import * as Y from "yjs";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, SecondMarkingStatus } from "../db/client.ts";
import { SECOND_LAYER } from "../grading/decision-projection.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import { prismaQueryable } from "../grading/sql.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, can } from "../policy/policy.ts";
import { readLayerState } from "./layer-rows.ts";
import { lockMarking } from "./marking-lock.ts";
import { afterSecondMarkingChange } from "./second-marking-hooks.ts";

export interface LayerFinalizeResult {
  readonly copyId: string;
  readonly status: "DONE";
  readonly alreadyFinalized: boolean;
}

export async function finalizeSecondMarking(db: Db, actor: Actor | null, copyId: string, audit: AuditContext): Promise<LayerFinalizeResult> {
  authorize(actor, "grading.connect");
  return db.$transaction(async (tx) => {
    const q = prismaQueryable(tx);
    const locked = await lockMarking(q, copyId); // the Copy row, then SecondMarking: a concurrent main finalize waits its turn
    const marking = { markerId: locked?.marking?.markerId ?? null, status: locked?.marking?.status ?? null };
    if (!locked || !can(actor, "layer.view", marking)) throw notFound("Copy");
    if (marking.status === "DONE") return { copyId, status: "DONE" as const, alreadyFinalized: true };
    if (!can(actor, "layer.write", marking))
      throw new AppError("INVALID_STATE", "Only the second marker finalizes their marking, while it is under way", { status: marking.status });
    const stored = await readLayerState(q, copyId, SECOND_LAYER);
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    const marks = computeMarks(await loadCopyScaleSpec(q, locked.examId, locked.variant), readDecisions(doc));
    doc.destroy();
    if (marks.marks.length === 0) throw new AppError("INVALID_STATE", "The exam has no grading scale: nothing to finalize against");
    if (marks.unscored.length > 0)
      throw new AppError("UNSCORED_QUESTIONS", `${marks.unscored.length} question(s) are not scored yet`, { questionIds: marks.unscored });
    await q.query(`UPDATE "SecondMarking" SET status = 'DONE', "finalizedAt" = now() WHERE "copyId" = $1::uuid`, [copyId]);
    await afterSecondMarkingChange(q, [copyId]);
    await recordAudit(tx, audit, {
      action: "moderation.secondMarkingFinalized",
      targetType: "Copy",
      targetId: copyId,
      details: { total: marks.total, max: marks.max },
    });
    return { copyId, status: "DONE" as const, alreadyFinalized: false };
  });
}

export async function cancelSecondMarking(
  db: Db,
  actor: Actor | null,
  examId: string,
  copyId: string,
  audit: AuditContext,
): Promise<{ copyId: string; status: "CANCELLED"; markerId: string | null }> {
  authorize(actor, "moderation.manage");
  return db.$transaction(async (tx) => {
    const q = prismaQueryable(tx);
    const locked = await lockMarking(q, copyId);
    if (!locked || locked.examId !== examId || !locked.marking) throw notFound("Second marking");
    const { status, markerId } = locked.marking;
    if (status === "CANCELLED") return { copyId, status, markerId };
    await q.query(`UPDATE "SecondMarking" SET status = 'CANCELLED' WHERE "copyId" = $1::uuid`, [copyId]);
    // the withdrawn layer's decisions leave the projection (its updates stay as history until asked again)
    await q.query(`DELETE FROM "QuestionDecision" WHERE "copyId" = $1::uuid AND layer = $2`, [copyId, SECOND_LAYER]);
    await afterSecondMarkingChange(q, [copyId]);
    await recordAudit(tx, audit, {
      action: "moderation.secondMarkingCancelled",
      targetType: "Copy",
      targetId: copyId,
      details: { examId, previousStatus: status, markerId },
    });
    return { copyId, status: "CANCELLED" as const, markerId };
  });
}

export interface SecondMarkingRow {
  copyId: string;
  anonymousCode: string;
  status: SecondMarkingStatus;
  firstMarker: { id: string; displayName: string } | null;
  marker: { id: string; displayName: string } | null;
  requestedAt: string;
  finalizedAt: string | null;
}

/** A supervisor's view of an exam's second markings (who marked first, who marks second, where it stands). */
export async function listSecondMarkings(db: Db, actor: Actor | null, examId: string): Promise<SecondMarkingRow[]> {
  authorize(actor, "moderation.manage");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { id: true } });
  if (!exam) throw notFound("Exam");
  return markingRows(db, examId, null);
}

/** One copy's second marking as the supervisor's list shows it (null: none asked). */
export async function secondMarkingOf(db: Db, actor: Actor | null, examId: string, copyId: string): Promise<SecondMarkingRow | null> {
  authorize(actor, "moderation.manage");
  return (await markingRows(db, examId, copyId))[0] ?? null;
}

async function markingRows(db: Db, examId: string, copyId: string | null): Promise<SecondMarkingRow[]> {
  const rows = await prismaQueryable(db).query<{
    copyId: string;
    anonymousCode: string;
    status: SecondMarkingStatus;
    fid: string | null;
    fname: string | null;
    mid: string | null;
    mname: string | null;
    requestedAt: Date;
    finalizedAt: Date | null;
  }>(
    `SELECT m."copyId", c."anonymousCode", m.status::text AS status, f.id AS fid, f."displayName" AS fname, u.id AS mid, u."displayName" AS mname, m."requestedAt", m."finalizedAt"
       FROM "SecondMarking" m JOIN "Copy" c ON c.id = m."copyId"
       LEFT JOIN "User" f ON f.id = m."firstMarkerId" LEFT JOIN "User" u ON u.id = m."markerId"
      WHERE c."examId" = $1::uuid AND ($2::uuid IS NULL OR m."copyId" = $2::uuid) ORDER BY c.seq`,
    [examId, copyId],
  );
  return rows.rows.map((r) => ({
    copyId: r.copyId,
    anonymousCode: r.anonymousCode,
    status: r.status,
    firstMarker: r.fid ? { id: r.fid, displayName: r.fname ?? "" } : null,
    marker: r.mid ? { id: r.mid, displayName: r.mname ?? "" } : null,
    requestedAt: new Date(r.requestedAt).toISOString(),
    finalizedAt: r.finalizedAt ? new Date(r.finalizedAt).toISOString() : null,
  }));
}

export interface QueueRow {
  copyId: string;
  anonymousCode: string;
  examId: string;
  examTitle: string;
  status: SecondMarkingStatus;
  requestedAt: string;
}

/** The second marker's queue: their markings under way and done — nothing of the first marking. */
export async function secondMarkingQueue(db: Db, actor: Actor | null): Promise<QueueRow[]> {
  authorize(actor, "moderation.ownQueue");
  const { rows } = await prismaQueryable(db).query<{
    copyId: string;
    anonymousCode: string;
    examId: string;
    examTitle: string;
    status: SecondMarkingStatus;
    requestedAt: Date;
  }>(
    `SELECT m."copyId", c."anonymousCode", c."examId", e.title AS "examTitle", m.status::text AS status, m."requestedAt"
       FROM "SecondMarking" m JOIN "Copy" c ON c.id = m."copyId" JOIN "Exam" e ON e.id = c."examId"
      WHERE m."markerId" = $1::uuid AND m.status IN ('GRADING', 'DONE')
      ORDER BY (m.status = 'DONE'), m."requestedAt", c.seq`,
    [actor!.id],
  );
  return rows.map((r) => ({ ...r, requestedAt: new Date(r.requestedAt).toISOString() }));
}
