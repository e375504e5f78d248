// An exam's identity zones: read by the office and supervisors, set by the office (audited). A
// change enqueues the images job in the same transaction: the redacted twins follow the zones.
import type { IdentityZonesView } from "../../collab/contract/api/imaging.ts";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { parseZones, type IdentityZone } from "./identity-zones.ts";
import { enqueuePageImages } from "./page-images-job.ts";

export type { IdentityZonesView };

export class IdentityZoneService {
  constructor(private readonly db: Db) {}

  async get(actor: Actor, examId: string): Promise<IdentityZonesView> {
    authorize(actor, "exam.readIdentityZones");
    const exam = await findExam(this.db, examId);
    const sample = await this.db.page.findFirst({
      where: { copy: { examId }, position: 0 },
      orderBy: [{ copy: { seq: "asc" } }],
      select: { id: true, widthPt: true, heightPt: true },
    });
    return { zones: parseZones(exam.identityZones), supervisorsSeeNames: exam.supervisorsSeeNames, samplePage: sample };
  }

  async set(
    actor: Actor,
    examId: string,
    input: { zones: IdentityZone[]; supervisorsSeeNames?: boolean | undefined },
    audit: AuditContext,
  ): Promise<IdentityZonesView> {
    authorize(actor, "exam.editIdentityZones");
    await this.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      await tx.exam.update({
        where: { id: examId },
        data: { identityZones: input.zones, ...(input.supervisorsSeeNames === undefined ? {} : { supervisorsSeeNames: input.supervisorsSeeNames }) },
      });
      await enqueuePageImages(tx, examId);
      await recordAudit(tx, audit, {
        action: "exam.identity_zones_set",
        targetType: "exam",
        targetId: examId,
        details: { zones: input.zones.length, supervisorsSeeNames: input.supervisorsSeeNames ?? null },
      });
    });
    return this.get(actor, examId);
  }
}
