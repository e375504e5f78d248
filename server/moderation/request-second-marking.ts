// POST /api/exams/:examId/second-markings: a supervisor asks for blind second markings — a random
// sample (percent or count, stratified by first marker) or chosen copies — each dispatched to a
// grader of the exam who is not its first marker. Released copies are refused (COPY_RELEASED)
// unless the request says reopen: true; copies already under second marking are skipped and listed.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { SECOND_LAYER } from "../grading/decision-projection.ts";
import { prismaQueryable, type Queryable } from "../grading/sql.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { lockMarking } from "./marking-lock.ts";
import { loadCopyFacts, loadSecondMarkers, type CopyFacts } from "./second-marking-facts.ts";
import { planSecondMarkings, type PlannedMarking } from "./second-marking-plan.ts";
import type { SecondMarkingRequest } from "../../collab/contract/api/moderation.ts";

export interface RequestResult {
  readonly created: Array<{ copyId: string; anonymousCode: string; status: "WAITING" | "GRADING"; markerId: string | null }>;
  readonly skipped: Array<{ copyId: string; anonymousCode: string; reason: "ALREADY_SECOND_MARKED" }>;
  /** released copies taken back into moderation (reopen: true) */
  readonly reopened: string[];
}

const ACTIVE = new Set(["WAITING", "GRADING", "DONE"]);

function candidatesOf(facts: readonly CopyFacts[], req: SecondMarkingRequest): CopyFacts[] {
  if (req.mode === "copies") {
    const byId = new Map(facts.map((f) => [f.copyId, f]));
    const missing = req.copyIds.filter((id) => !byId.has(id));
    if (missing.length > 0) throw notFound("Copy"); // a copy of another exam answers like a missing one
    const released = req.copyIds.filter((id) => byId.get(id)!.released);
    if (released.length > 0 && req.reopen !== true) {
      throw new AppError("COPY_RELEASED", "Released copies are second-marked only when reopened explicitly (reopen: true)", { copyIds: released });
    }
    return [...new Set(req.copyIds)].map((id) => byId.get(id)!);
  }
  // a sample is drawn among the copies a first marker has (or had) in hand
  return facts.filter((f) => f.firstMarkerId !== null && (!f.released || req.reopen === true));
}

/** The copies' old layer (a withdrawn marking asked again): the new marker starts from a blank layer. */
async function clearLayer(q: Queryable, copyId: string): Promise<void> {
  await q.query(`DELETE FROM "LayerDocUpdate" WHERE "copyId" = $1::uuid AND layer = $2`, [copyId, SECOND_LAYER]);
  await q.query(`DELETE FROM "LayerDocSnapshot" WHERE "copyId" = $1::uuid AND layer = $2`, [copyId, SECOND_LAYER]);
  await q.query(`DELETE FROM "QuestionDecision" WHERE "copyId" = $1::uuid AND layer = $2`, [copyId, SECOND_LAYER]);
}

export async function requestSecondMarkings(
  db: Db,
  actor: Actor | null,
  examId: string,
  req: SecondMarkingRequest,
  audit: AuditContext,
  random: () => number = Math.random,
): Promise<RequestResult> {
  authorize(actor, "moderation.manage");
  const exam = await db.exam.findUnique({ where: { id: examId }, select: { id: true } });
  if (!exam) throw notFound("Exam");
  const q = prismaQueryable(db);
  const facts = await loadCopyFacts(q, examId);
  const candidates = candidatesOf(facts, req);
  const codeOf = new Map(facts.map((f) => [f.copyId, f.anonymousCode]));
  const skipped: RequestResult["skipped"] = candidates
    .filter((c) => c.status !== null && ACTIVE.has(c.status))
    .map((c) => ({ copyId: c.copyId, anonymousCode: c.anonymousCode, reason: "ALREADY_SECOND_MARKED" as const }));
  const open = candidates.filter((c) => c.status === null || !ACTIVE.has(c.status));
  const { graders, load } = await loadSecondMarkers(q, examId);
  const plan = planSecondMarkings(req, { candidates: open, graders, load, random });

  return db.$transaction(
    async (tx) => {
      const tq = prismaQueryable(tx);
      const created: RequestResult["created"] = [];
      const reopened: string[] = [];
      for (const p of [...plan].sort((a, b) => a.copyId.localeCompare(b.copyId))) {
        const locked = await lockMarking(tq, p.copyId); // Copy row, then SecondMarking
        if (!locked) continue;
        if (locked.marking && ACTIVE.has(locked.marking.status)) {
          skipped.push({ copyId: p.copyId, anonymousCode: locked.anonymousCode, reason: "ALREADY_SECOND_MARKED" }); // asked meanwhile
          continue;
        }
        if (locked.released) reopened.push(p.copyId);
        await write(tq, p, locked.marking !== null, actor!.id);
        created.push({
          copyId: p.copyId,
          anonymousCode: codeOf.get(p.copyId) ?? locked.anonymousCode,
          status: p.markerId ? "GRADING" : "WAITING",
          markerId: p.markerId,
        });
      }
      await recordAudit(tx, audit, {
        action: "moderation.secondMarkingRequested",
        targetType: "Exam",
        targetId: examId,
        details: {
          mode: req.mode,
          ...(req.mode === "percent" ? { percent: req.percent } : req.mode === "count" ? { count: req.count } : {}),
          copies: created.map((c) => ({ copyId: c.copyId, markerId: c.markerId })),
          skipped: skipped.map((s) => s.copyId),
          reopenedReleased: reopened,
        },
      });
      return { created, skipped, reopened };
    },
    { timeout: 60_000 },
  );
}

async function write(q: Queryable, p: PlannedMarking, existed: boolean, requestedById: string): Promise<void> {
  const status = p.markerId ? "GRADING" : "WAITING";
  if (existed) {
    await clearLayer(q, p.copyId);
    await q.query(
      `UPDATE "SecondMarking" SET "firstMarkerId" = $2::uuid, "markerId" = $3::uuid, status = $4::"SecondMarkingStatus", "requestedById" = $5::uuid, "requestedAt" = now(), "finalizedAt" = NULL WHERE "copyId" = $1::uuid`,
      [p.copyId, p.firstMarkerId, p.markerId, status, requestedById],
    );
    return;
  }
  await q.query(
    `INSERT INTO "SecondMarking" ("copyId", "firstMarkerId", "markerId", status, "requestedById") VALUES ($1::uuid, $2::uuid, $3::uuid, $4::"SecondMarkingStatus", $5::uuid)`,
    [p.copyId, p.firstMarkerId, p.markerId, status, requestedById],
  );
}
