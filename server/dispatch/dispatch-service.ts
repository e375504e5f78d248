// Dispatch: READY copies to graders, whole copies (balanced round-robin) or by question range
// (each group of graders grades some exercises of every copy). Re-dispatch first takes back the
// READY copies nobody has started; copies being graded, finalizing or graded are never touched.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { gradersOf, notifyDispatchChanged } from "./dispatch-events.ts";
import { balance, leavesUnder } from "./dispatch-plan.ts";
import type { DispatchInput } from "../../collab/contract/api/dispatch.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface DispatchSummary {
  totalCopies: number;
  ready: number;
  /** READY copies with no assignment */
  unassigned: number;
  graders: Array<{ id: string; displayName: string; copies: number; wholeCopies: number; questionCopies: number; done: number }>;
}

export class DispatchService {
  constructor(private readonly db: Db) {}

  async summary(actor: Actor, examId: string): Promise<DispatchSummary> {
    authorize(actor, "dispatch.read");
    await findExam(this.db, examId);
    return this.summaryIn(this.db, examId);
  }

  async dispatch(actor: Actor, examId: string, input: DispatchInput, audit: AuditContext) {
    authorize(actor, "dispatch.edit");
    return this.db.$transaction(
      async (tx) => {
        await findEditableExam(tx, examId);
        await tx.$executeRaw`SELECT 1 FROM "Exam" WHERE id = ${examId}::uuid FOR UPDATE`; // one dispatch at a time per exam
        const graderIds = input.mode === "copies" ? input.graderIds : input.groups.flatMap((g) => g.graderIds);
        await this.checkGraders(tx, graderIds);
        const before = await gradersOf(tx, examId);
        const takenBack = input.redispatch ? await this.takeBack(tx, examId, input.includeStarted) : 0;
        const free = await tx.copy.findMany({ where: { examId, state: "READY", assignments: { none: {} } }, orderBy: { seq: "asc" }, select: { id: true } });
        const copyIds = free.map((c) => c.id);
        const rows =
          input.mode === "copies" ? await this.wholeCopies(tx, examId, copyIds, input.graderIds) : await this.byQuestions(tx, examId, copyIds, input.groups);
        if (rows.length) await tx.assignment.createMany({ data: rows });
        if (rows.length || takenBack) await notifyDispatchChanged(tx, examId, before, await gradersOf(tx, examId));
        await recordAudit(tx, audit, {
          action: "exam.dispatched",
          targetType: "exam",
          targetId: examId,
          details: { mode: input.mode, copies: copyIds.length, assignments: rows.length, takenBack, graders: [...new Set(graderIds)].length },
        });
        return { assigned: copyIds.length, assignments: rows.length, takenBack, summary: await this.summaryIn(tx, examId) };
      },
      { timeout: 60_000 },
    );
  }

  private async checkGraders(tx: Tx, ids: string[]): Promise<void> {
    if (new Set(ids).size !== ids.length) throw new AppError("VALIDATION_FAILED", "A grader appears twice: give each grader once (and in one group only)");
    const users = await tx.user.findMany({ where: { id: { in: ids }, active: true, role: { not: "STUDENT" } }, select: { id: true } });
    if (users.length !== ids.length)
      throw new AppError("VALIDATION_FAILED", "Every grader must be an active staff account", { unknown: ids.filter((id) => !users.some((u) => u.id === id)) });
  }

  /** Removes the assignments of READY copies not started (no stored edit) and not locked right now. */
  private async takeBack(tx: Tx, examId: string, includeStarted: boolean): Promise<number> {
    return tx.$executeRaw`
      DELETE FROM "Assignment" a USING "Copy" c
       WHERE a."copyId" = c.id AND c."examId" = ${examId}::uuid AND c.state = 'READY'
         AND NOT EXISTS (SELECT 1 FROM "CopyLock" l WHERE l."copyId" = c.id AND l."expiresAt" > now())
         AND (${includeStarted}::boolean OR (NOT EXISTS (SELECT 1 FROM "CopyDocUpdate" u WHERE u."copyId" = c.id)
                                             AND NOT EXISTS (SELECT 1 FROM "CopyDocSnapshot" s WHERE s."copyId" = c.id)))`;
  }

  private async existingLoad(tx: Tx, examId: string, graderIds: string[]): Promise<Map<string, number>> {
    const rows = await tx.assignment.groupBy({ by: ["graderId"], where: { graderId: { in: graderIds }, copy: { examId } }, _count: { _all: true } });
    return new Map(rows.map((r) => [r.graderId, r._count._all]));
  }

  private async wholeCopies(tx: Tx, examId: string, copyIds: string[], graderIds: string[]) {
    const plan = balance(copyIds, graderIds, await this.existingLoad(tx, examId, graderIds));
    return [...plan].map(([copyId, graderId]) => ({ copyId, graderId, questionIds: [] as string[] }));
  }

  private async byQuestions(tx: Tx, examId: string, copyIds: string[], groups: Array<{ graderIds: string[]; exerciseIds: string[] }>) {
    const nodes = await tx.scaleNode.findMany({ where: { examId }, select: { id: true, parentId: true, position: true } });
    const exercises = new Set(nodes.filter((n) => n.parentId === null).map((n) => n.id));
    const chosen = groups.flatMap((g) => g.exerciseIds);
    if (chosen.some((id) => !exercises.has(id))) throw new AppError("VALIDATION_FAILED", "exerciseIds must be exercises (top level) of this exam's scale");
    if (new Set(chosen).size !== chosen.length) throw new AppError("VALIDATION_FAILED", "An exercise appears in two groups");
    const missing = [...exercises].filter((id) => !chosen.includes(id));
    if (missing.length)
      throw new AppError("VALIDATION_FAILED", "Every exercise must be given to a group, or some questions would never be graded", { missing });
    const leaves = leavesUnder(nodes, chosen);
    const load = await this.existingLoad(
      tx,
      examId,
      groups.flatMap((g) => g.graderIds),
    );
    return groups.flatMap((g) => {
      const questionIds = g.exerciseIds.flatMap((e) => leaves.get(e)!);
      return [...balance(copyIds, g.graderIds, load)].map(([copyId, graderId]) => ({ copyId, graderId, questionIds }));
    });
  }

  private async summaryIn(db: Pick<Db, "copy" | "assignment" | "user">, examId: string): Promise<DispatchSummary> {
    const [totalCopies, ready, unassigned, assignments] = await Promise.all([
      db.copy.count({ where: { examId } }),
      db.copy.count({ where: { examId, state: "READY" } }),
      db.copy.count({ where: { examId, state: "READY", assignments: { none: {} } } }),
      db.assignment.findMany({ where: { copy: { examId } }, select: { graderId: true, questionIds: true, copy: { select: { state: true } } } }),
    ]);
    const users = await db.user.findMany({ where: { id: { in: [...new Set(assignments.map((a) => a.graderId))] } }, select: { id: true, displayName: true } });
    const graders = users.map((u) => {
      const mine = assignments.filter((a) => a.graderId === u.id);
      return {
        id: u.id,
        displayName: u.displayName,
        copies: mine.length,
        wholeCopies: mine.filter((a) => a.questionIds.length === 0).length,
        questionCopies: mine.filter((a) => a.questionIds.length > 0).length,
        done: mine.filter((a) => a.copy.state === "GRADED" || a.copy.state === "FINALIZING").length,
      };
    });
    return { totalCopies, ready, unassigned, graders: graders.sort((a, b) => a.displayName.localeCompare(b.displayName, "fr")) };
  }
}
