// Release: an exam's GRADED copies (all, or a selection) become visible to their students; unrelease
// hides them again. One conditional UPDATE each, audited in the same transaction: one event per copy
// (so the audit viewer finds it by copy) and one for the exam with the counts.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, Prisma } from "../db/client.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { noticeCopiesReleased } from "../notices/copy-released-notices.ts";
import type { ReleaseInput } from "./release-schema.ts";

export interface ReleaseResult {
  readonly examId: string;
  /** copies whose visibility changed */
  readonly changed: readonly string[];
  /** selected copies left as they were: not graded (release), already in the asked state, or not of this exam */
  readonly unchanged: readonly string[];
}

type Mode = "release" | "unrelease";

export class ReleaseService {
  constructor(private readonly db: Db) {}

  release(actor: Actor, examId: string, input: ReleaseInput, audit: AuditContext): Promise<ReleaseResult> {
    return this.apply(actor, examId, input, audit, "release");
  }

  unrelease(actor: Actor, examId: string, input: ReleaseInput, audit: AuditContext): Promise<ReleaseResult> {
    return this.apply(actor, examId, input, audit, "unrelease");
  }

  private async apply(actor: Actor, examId: string, input: ReleaseInput, audit: AuditContext, mode: Mode): Promise<ReleaseResult> {
    authorize(actor, "release.manage");
    const exam = await this.db.exam.findUnique({ where: { id: examId }, select: { id: true } });
    if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
    const selection = input.copyIds ? [...new Set(input.copyIds)] : null;
    return this.db.$transaction(async (tx) => {
      const changed = mode === "release" ? await releaseRows(tx, examId, selection) : await unreleaseRows(tx, examId, selection);
      const action = mode === "release" ? "copy.released" : "copy.unreleased";
      if (changed.length) {
        await tx.auditEvent.createMany({
          data: changed.map((copyId) => ({
            action,
            actorId: audit.actorId ?? null,
            actorName: audit.actorName ?? null,
            ip: audit.ip?.slice(0, 64) ?? null,
            userAgent: audit.userAgent?.slice(0, 400) ?? null,
            targetType: "Copy",
            targetId: copyId,
            details: { examId } as Prisma.InputJsonValue,
          })),
        });
      }
      if (mode === "release") await noticeCopiesReleased(tx, changed); // the students are told, once per version
      const done = new Set(changed);
      const unchanged = selection ? selection.filter((id) => !done.has(id)) : [];
      await recordAudit(tx, audit, {
        action: mode === "release" ? "exam.released" : "exam.unreleased",
        targetType: "Exam",
        targetId: examId,
        details: { changed: changed.length, selected: selection?.length ?? null, unchanged: unchanged.length },
      });
      return { examId, changed, unchanged };
    });
  }
}

type Tx = Pick<Db, "$queryRaw">;

async function releaseRows(tx: Tx, examId: string, selection: string[] | null): Promise<string[]> {
  const rows = selection
    ? await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = now(), "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND state = 'GRADED' AND "releasedAt" IS NULL AND id = ANY(${selection}::uuid[])
        RETURNING id`
    : await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = now(), "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND state = 'GRADED' AND "releasedAt" IS NULL
        RETURNING id`;
  return rows.map((r) => r.id).sort();
}

async function unreleaseRows(tx: Tx, examId: string, selection: string[] | null): Promise<string[]> {
  const rows = selection
    ? await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = NULL, "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND "releasedAt" IS NOT NULL AND id = ANY(${selection}::uuid[])
        RETURNING id`
    : await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = NULL, "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND "releasedAt" IS NOT NULL
        RETURNING id`;
  return rows.map((r) => r.id).sort();
}
