// The grading scale: read as a tree with totals, replaced as a whole in one transaction.
import crypto from "node:crypto";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, ScaleNodeKind } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { findEditableExam, findExam, isGraderOfExam } from "./exam-lookup.ts";
import { flattenScale, scaleTotals, type ScaleTotals } from "./scale-check.ts";
import { gradingStarted, maxPointChanges, structuralChanges } from "./scale-lock.ts";
import type { ScaleInput } from "../../collab/contract/api/exams.ts";

export interface ScaleNodeView {
  id: string;
  kind: ScaleNodeKind;
  label: string;
  position: number;
  /** leaves only */
  maxPoints: number | null;
  variant: string | null;
  /** sum of the leaves below (the leaf's own max for a leaf) */
  subtotal: number;
  children: ScaleNodeView[];
}

export interface ScaleView extends ScaleTotals {
  examId: string;
  exercises: ScaleNodeView[];
  /** leaf ids in reading order: the question ids of the copy documents */
  leafIds: string[];
  /** true once grading started: only labels and max points may change */
  locked: boolean;
}

const KIND_ORDER: ScaleNodeKind[] = ["EXERCISE", "QUESTION", "SUBQUESTION"];

export class ScaleService {
  constructor(private readonly db: Db) {}

  async get(actor: Actor, examId: string): Promise<ScaleView> {
    await findExam(this.db, examId);
    authorize(actor, "exam.readMaterial", { assigned: await isGraderOfExam(this.db, actor.id, examId) });
    return this.view(this.db, examId);
  }

  async replace(actor: Actor, examId: string, input: ScaleInput, ctx: AuditContext): Promise<ScaleView> {
    authorize(actor, "scale.update");
    const { nodes, issues } = flattenScale(input.exercises);
    if (issues.length) throw new AppError("VALIDATION_FAILED", `Invalid scale: ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, { issues });
    return this.db.$transaction(
      async (tx) => {
        await findEditableExam(tx, examId);
        await tx.$executeRaw`SELECT 1 FROM "Exam" WHERE id = ${examId}::uuid FOR UPDATE`; // one scale edit at a time
        const stored = await tx.scaleNode.findMany({
          where: { examId },
          select: { id: true, parentId: true, kind: true, position: true, variant: true, maxPoints: true },
        });
        const storedIds = new Set(stored.map((n) => n.id));
        const unknown = nodes.filter((n) => n.id && !storedIds.has(n.id));
        if (unknown.length)
          throw new AppError("VALIDATION_FAILED", "Unknown scale node ids: leave the id out for a new node", {
            issues: unknown.map((n) => ({ path: n.label, message: `unknown id ${n.id}` })),
          });
        if (await gradingStarted(tx, examId)) {
          const changes = structuralChanges(stored, nodes);
          if (changes.length) throw new AppError("SCALE_LOCKED", "Grading has started: only labels and max points can still change", { changes });
          const maxMoves = maxPointChanges(stored, nodes);
          if (maxMoves.length)
            throw new AppError(
              "SCALE_CHANGE_NEEDS_PREVIEW",
              "Grading has started: a max change re-scores copies, preview and apply it as a rubric change (POST /api/exams/:id/rubric/preview, then /apply)",
              { changes: maxMoves },
            );
        }
        const ids = nodes.map((n) => n.id ?? crypto.randomUUID());
        for (const kind of [...KIND_ORDER].reverse()) await tx.scaleNode.deleteMany({ where: { examId, kind } });
        for (const kind of KIND_ORDER) {
          const data = nodes.flatMap((n, i) =>
            n.kind === kind
              ? [
                  {
                    id: ids[i]!,
                    examId,
                    parentId: n.parentIndex === null ? null : ids[n.parentIndex]!,
                    kind,
                    label: n.label,
                    position: n.position,
                    maxPoints: n.maxPoints,
                    variant: n.variant,
                  },
                ]
              : [],
          );
          if (data.length) await tx.scaleNode.createMany({ data });
        }
        const view = await this.view(tx, examId);
        await recordAudit(tx, ctx, {
          action: "exam.scale_replaced",
          targetType: "exam",
          targetId: examId,
          details: { nodes: nodes.length, total: view.total },
        });
        return view;
      },
      { timeout: 20_000 },
    );
  }

  private async view(db: Pick<Db, "scaleNode" | "copy" | "copyDocSnapshot" | "$queryRaw">, examId: string): Promise<ScaleView> {
    const rows = await db.scaleNode.findMany({ where: { examId }, orderBy: [{ position: "asc" }] });
    const children = new Map<string | null, typeof rows>();
    for (const r of rows) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
    const leaves: Array<{ id: string; maxPoints: number; variant: string | null }> = [];
    const build = (parentId: string | null, inherited: string | null): ScaleNodeView[] =>
      (children.get(parentId) ?? []).map((r) => {
        const variant = r.variant ?? inherited;
        const kids = build(r.id, variant);
        const maxPoints = r.maxPoints === null ? null : Number(r.maxPoints);
        if (kids.length === 0) leaves.push({ id: r.id, maxPoints: maxPoints ?? 0, variant });
        const subtotal = kids.length ? Math.round(kids.reduce((s, k) => s + k.subtotal, 0) * 100) / 100 : (maxPoints ?? 0);
        return { id: r.id, kind: r.kind, label: r.label, position: r.position, maxPoints, variant: r.variant, subtotal, children: kids };
      });
    const exercises = build(null, null);
    return { examId, exercises, leafIds: leaves.map((l) => l.id), ...scaleTotals(leaves), locked: await gradingStarted(db, examId) };
  }
}
