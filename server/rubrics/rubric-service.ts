// Rubric use cases. Reading is open to whoever may read the exam's material (its graders too);
// changes are change sets: previewed, applied in one transaction as a new version, undone the
// same way. Max points of leaves travel in the change set too (scale.update is then required).
import crypto from "node:crypto";
import type { AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam, isGraderOfExam } from "../exams/exam-lookup.ts";
import { prismaQueryable, type Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { maxChanges, nextRubricContent, type Leaf } from "./rubric-change.ts";
import type { RubricChangeInput, RubricUndoInput } from "../../collab/contract/api/rubrics.ts";
import { commitRubricVersion } from "./rubric-commit.ts";
import type { RubricContent } from "./rubric-content.ts";
import { loadCopyDecisions, loadLeaves, loadVersion } from "./rubric-exam-data.ts";
import { previewChange, type RubricPreview } from "./rubric-preview.ts";
import { currentRubricView, type RubricView } from "./rubric-view.ts";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface RubricChangeResult {
  version: number;
  rerendered: number;
  preview: RubricPreview;
  rubric: RubricView;
}

const newItemId = () => crypto.randomBytes(9).toString("base64url");

function checkBase(current: number, base: number): void {
  if (current !== base)
    throw new AppError("RUBRIC_STALE", `The rubric changed meanwhile (version ${current}, this change was made on ${base}): reload it`, { current, base });
}

export class RubricService {
  /** `pool`: plain pg for the read-only preview (one row per copy, read without the ORM's JSON round trip) */
  constructor(
    private readonly db: Db,
    private readonly pool: Queryable | null = null,
  ) {}

  async current(actor: Actor, examId: string): Promise<RubricView> {
    await findExam(this.db, examId);
    authorize(actor, "exam.readMaterial", { assigned: await isGraderOfExam(this.db, actor.id, examId) });
    return currentRubricView(this.db, examId);
  }

  /** Read only: what applying `input` would change. */
  async preview(actor: Actor, examId: string, input: RubricChangeInput): Promise<RubricPreview> {
    this.authorizeChange(actor, input);
    const exam = await findExam(this.db, examId);
    checkBase(exam.rubricVersion, input.baseVersion);
    return (await this.plan(this.pool ?? prismaQueryable(this.db), examId, exam.rubricVersion, exam.gradeBoundaries, input, exam.rubricVersion + 1, true))
      .preview;
  }

  async apply(actor: Actor, examId: string, input: RubricChangeInput, ctx: AuditContext): Promise<RubricChangeResult> {
    this.authorizeChange(actor, input);
    return this.locked(examId, async (tx, exam) => {
      checkBase(exam.rubricVersion, input.baseVersion);
      const number = await nextNumber(tx, examId);
      const { preview, content } = await this.plan(prismaQueryable(tx), examId, exam.rubricVersion, exam.gradeBoundaries, input, number, false);
      const { rerendered } = await commitRubricVersion(tx, {
        examId,
        actorId: actor.id,
        number,
        parentNumber: exam.rubricVersion || null,
        content,
        note: null,
        preview,
        audit: { ctx, action: "rubric.applied", details: { questions: Object.keys(input.questions) } },
      });
      return { version: number, rerendered, preview, rubric: await currentRubricView(tx, examId) };
    });
  }

  /** A new version whose rubric equals the current one's parent (the max points it moved go back too). */
  async undo(actor: Actor, examId: string, input: RubricUndoInput, ctx: AuditContext): Promise<RubricChangeResult> {
    authorize(actor, "rubric.update");
    return this.locked(examId, async (tx, exam) => {
      checkBase(exam.rubricVersion, input.baseVersion);
      const q = prismaQueryable(tx);
      const current = await loadVersion(q, examId, exam.rubricVersion);
      if (current.parentNumber === null)
        throw new AppError("NOTHING_TO_UNDO", "This is the first version of the rubric: there is nothing before it to restore", { version: current.number });
      const parent = await loadVersion(q, examId, current.parentNumber);
      const leaves = await loadLeaves(q, examId);
      const leafIds = new Set(leaves.map((l) => l.id));
      const restoredMax = (l: Leaf) => {
        const was = parent.content.maxPoints[l.id];
        return was !== undefined && current.content.maxPoints[l.id] !== was ? was : l.maxPoints;
      };
      const content: RubricContent = {
        questions: Object.fromEntries(Object.entries(parent.content.questions).filter(([qid]) => leafIds.has(qid))),
        maxPoints: Object.fromEntries(leaves.map((l) => [l.id, restoredMax(l)])),
      };
      const moves = maxChanges(leaves, content);
      if (moves.length) authorize(actor, "scale.update");
      const number = await nextNumber(tx, examId);
      const preview = previewChange({
        examId,
        baseVersion: exam.rubricVersion,
        boundaries: exam.gradeBoundaries,
        leaves,
        current: current.content,
        next: content,
        copies: await loadCopyDecisions(q, examId),
        maxChanges: moves,
      });
      const { rerendered } = await commitRubricVersion(tx, {
        examId,
        actorId: actor.id,
        number,
        parentNumber: parent.parentNumber,
        content,
        note: `undo of version ${current.number} (restores ${parent.number})`,
        preview,
        audit: { ctx, action: "rubric.undone", details: { undone: current.number, restored: parent.number } },
      });
      return { version: number, rerendered, preview, rubric: await currentRubricView(tx, examId) };
    });
  }

  private authorizeChange(actor: Actor, input: RubricChangeInput): void {
    authorize(actor, "rubric.update");
    if (Object.keys(input.maxPoints).length > 0) authorize(actor, "scale.update");
  }

  /** `parallel`: the three reads at once (a pool); inside a transaction they run one after another. */
  private async plan(q: Queryable, examId: string, version: number, boundaries: number[], input: RubricChangeInput, number: number, parallel: boolean) {
    const reads = [() => loadLeaves(q, examId), () => loadVersion(q, examId, version), () => loadCopyDecisions(q, examId)] as const;
    const [leaves, current, copies] = parallel
      ? await Promise.all([reads[0](), reads[1](), reads[2]()])
      : [await reads[0](), await reads[1](), await reads[2]()];
    const content = nextRubricContent(current.content, leaves, input, number, newItemId);
    const preview = previewChange({
      examId,
      baseVersion: version,
      boundaries,
      leaves,
      current: current.content,
      next: content,
      copies,
      maxChanges: maxChanges(leaves, content),
    });
    return { preview, content };
  }

  /** One change at a time per exam (the scale editor takes the same row lock). */
  private locked<T>(examId: string, fn: (tx: Tx, exam: { rubricVersion: number; gradeBoundaries: number[] }) => Promise<T>): Promise<T> {
    return this.db.$transaction(
      async (tx) => {
        await findEditableExam(tx, examId);
        await tx.$executeRaw`SELECT 1 FROM "Exam" WHERE id = ${examId}::uuid FOR UPDATE`;
        const exam = await tx.exam.findUniqueOrThrow({ where: { id: examId }, select: { rubricVersion: true, gradeBoundaries: true } });
        return fn(tx, exam);
      },
      { timeout: 60_000, maxWait: 15_000 },
    );
  }
}

async function nextNumber(tx: Tx, examId: string): Promise<number> {
  const last = await tx.rubricVersion.aggregate({ where: { examId }, _max: { number: true } });
  return (last._max.number ?? 0) + 1;
}
