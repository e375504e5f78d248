// Release: an exam's GRADED copies (all, or a selection) become visible to their students, each as a
// released version (released-version.ts: marks and PDF frozen; an unchanged copy gets no new
// version and no notice); unrelease hides them again. Audited in the same transaction: one event
// per copy (so the audit viewer finds it by copy, with the version) and one for the exam.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db, Prisma } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { noticeCopiesReleased } from "../notices/copy-released-notices.ts";
import { resolveRegradeRequests } from "../regrade/regrade-resolve.ts";
import { releaseBlocks, type BlockedCopy } from "./release-gate.ts";
import { overrideDetail, stillOverridden } from "./release-overrides.ts";
import type { ReleaseInput } from "../../collab/contract/api/release.ts";
import { releaseVersions } from "./released-version.ts";

export interface ReleaseResult {
  readonly examId: string;
  /** copies whose visibility or released version changed */
  readonly changed: readonly string[];
  /** selected copies left as they were: not graded (release), already in the asked state, or not of this exam */
  readonly unchanged: readonly string[];
  /** release: copy id → number of the version the student now sees, for the copies that got a new one */
  readonly versions: Readonly<Record<string, number>>;
  /** release: graded copies whose PDF is being rendered for their current marks; release them again once done */
  readonly awaitingRender: readonly string[];
}

type Mode = "release" | "unrelease";

interface Changes {
  changed: string[];
  /** per copy audit details */
  details: Map<string, Record<string, unknown>>;
  versions: Record<string, number>;
  awaitingRender: readonly string[];
  /** copies whose students are told */
  announce: string[];
}

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
    return this.db.$transaction(
      async (tx) => {
        if (mode === "release") await gate(tx, actor, examId, selection, input, audit);
        const c = mode === "release" ? await releaseChanges(tx, examId, selection, actor.id) : await unreleaseChanges(tx, examId, selection);
        const action = mode === "release" ? "copy.released" : "copy.unreleased";
        if (c.changed.length) {
          await tx.auditEvent.createMany({
            data: c.changed.map((copyId) => ({
              action,
              actorId: audit.actorId ?? null,
              actorName: audit.actorName ?? null,
              ip: audit.ip?.slice(0, 64) ?? null,
              userAgent: audit.userAgent?.slice(0, 400) ?? null,
              targetType: "Copy",
              targetId: copyId,
              details: { examId, ...c.details.get(copyId) } as Prisma.InputJsonValue,
            })),
          });
        }
        if (mode === "release") await noticeCopiesReleased(tx, c.announce); // the students are told, once per version
        if (mode === "release") await resolveRegradeRequests(tx, examId, selection, audit); // accepted regrade requests settle with the version now shown
        const done = new Set(c.changed);
        const unchanged = selection ? selection.filter((id) => !done.has(id)) : [];
        await recordAudit(tx, audit, {
          action: mode === "release" ? "exam.released" : "exam.unreleased",
          targetType: "Exam",
          targetId: examId,
          details: {
            changed: c.changed.length,
            selected: selection?.length ?? null,
            unchanged: unchanged.length,
            ...(mode === "release" ? { newVersions: c.announce.length, awaitingRender: c.awaitingRender.length } : {}),
          },
        });
        return { examId, changed: c.changed, unchanged, versions: c.versions, awaitingRender: c.awaitingRender };
      },
      { timeout: 120_000 }, // a whole exam: every copy's marks computed and its version written
    );
  }
}

/** Refuses a release that fails the scan-integrity gate, unless overridden with a reason (audited) now or earlier for the same facts. */
async function gate(
  tx: Prisma.TransactionClient,
  actor: Actor,
  examId: string,
  selection: string[] | null,
  input: ReleaseInput,
  audit: AuditContext,
): Promise<void> {
  const all: BlockedCopy[] = await releaseBlocks(tx, examId, selection);
  const covered = await stillOverridden(tx, examId, all); // vouched for already, and nothing changed since
  const blocked = all.filter((b) => !covered.has(b.copyId));
  if (blocked.length === 0) return;
  if (!input.override) {
    throw new AppError("RELEASE_BLOCKED", `${blocked.length} copy(ies) cannot be released: unidentified, still in staging or missing pages`, { blocked });
  }
  authorize(actor, "release.override");
  await recordAudit(tx, audit, {
    action: "release.override",
    targetType: "Exam",
    targetId: examId,
    details: { reason: input.override.reason, blocked: blocked.map(overrideDetail) },
  });
}

async function releaseChanges(tx: Prisma.TransactionClient, examId: string, selection: string[] | null, actorId: string): Promise<Changes> {
  const out = await releaseVersions(tx, examId, selection, actorId);
  const details = new Map<string, Record<string, unknown>>();
  for (const v of out.created) details.set(v.copyId, { version: v.number, total: v.total, contentHash: v.contentHash, pdfSha256: v.pdfSha256 });
  for (const v of out.reshown) details.set(v.copyId, { version: v.number, reshown: true });
  return {
    changed: [...details.keys()].sort(),
    details,
    versions: Object.fromEntries(out.created.map((v) => [v.copyId, v.number])),
    awaitingRender: out.awaitingRender,
    announce: out.created.map((v) => v.copyId).sort(),
  };
}

async function unreleaseChanges(tx: Pick<Db, "$queryRaw">, examId: string, selection: string[] | null): Promise<Changes> {
  const rows = selection
    ? await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = NULL, "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND "releasedAt" IS NOT NULL AND id = ANY(${selection}::uuid[])
        RETURNING id`
    : await tx.$queryRaw<{ id: string }[]>`
        UPDATE "Copy" SET "releasedAt" = NULL, "updatedAt" = now()
         WHERE "examId" = ${examId}::uuid AND "releasedAt" IS NOT NULL
        RETURNING id`;
  return { changed: rows.map((r) => r.id).sort(), details: new Map(), versions: {}, awaitingRender: [], announce: [] };
}
