// The student portal: a student's released, graded copies — marks per question, comments, the
// annotated PDF. Nothing else exists for them: another copy, an unreleased one, or a copy being
// graded again answers NOT_FOUND, exactly like an id that was never issued.
import fs from "node:fs/promises";
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHide } from "../policy/policy.ts";
import { loadCopyScale, scoreSheetRows, totalOf } from "../render/copy-scale.ts";
import type { ScoreSheetRow } from "../render/render-types.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { loadExamQuestions } from "../supervision/exam-questions.ts";
import { readFrozen, sharedFrozenDocs } from "../supervision/frozen-docs.ts";

export interface PortalExam {
  readonly id: string;
  readonly title: string;
  readonly subject: string | null;
  readonly examDate: string | null;
}

export interface PortalCopySummary {
  readonly id: string;
  readonly exam: PortalExam;
  readonly anonymousCode: string;
  readonly releasedAt: string;
  readonly total: number;
  readonly maxPoints: number;
}

export interface PortalCopyDetail extends PortalCopySummary {
  readonly rows: readonly ScoreSheetRow[];
  readonly general: string;
  readonly pdf: { readonly url: string; readonly downloadUrl: string; readonly sizeBytes: number } | null;
}

export interface PortalPdf {
  readonly absPath: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly fileName: string;
}

const EXAM_SELECT = { id: true, title: true, subject: true, examDate: true } as const;
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const pdfUrl = (copyId: string) => `/api/portal/copies/${copyId}/pdf`;

export class PortalService {
  constructor(
    private readonly db: Db,
    private readonly pool: Queryable,
    private readonly media: MediaStore,
  ) {}

  async list(actor: Actor): Promise<PortalCopySummary[]> {
    authorize(actor, "portal.access");
    const copies = await this.db.copy.findMany({
      where: { state: "GRADED", releasedAt: { not: null }, docHash: { not: null }, student: { userId: actor.id } },
      orderBy: [{ releasedAt: "desc" }, { id: "asc" }],
      select: { id: true, anonymousCode: true, releasedAt: true, docHash: true, variant: true, examId: true, exam: { select: EXAM_SELECT } },
    });
    const contents = await readFrozen(this.pool, sharedFrozenDocs, copies.map((c) => ({ id: c.id, docHash: c.docHash! })));
    const scales = new Map<string, Awaited<ReturnType<typeof loadExamQuestions>>>();
    const out: PortalCopySummary[] = [];
    for (const c of copies) {
      let questions = scales.get(c.examId);
      if (!questions) scales.set(c.examId, (questions = await loadExamQuestions(this.db, c.examId)));
      out.push({
        id: c.id,
        exam: { ...c.exam, examDate: day(c.exam.examDate) },
        anonymousCode: c.anonymousCode,
        releasedAt: c.releasedAt!.toISOString(),
        total: questions.totalFor(c.variant, contents.get(c.id)?.scores ?? {}),
        maxPoints: questions.maxFor(c.variant),
      });
    }
    return out;
  }

  async get(actor: Actor, copyId: string): Promise<PortalCopyDetail> {
    const c = await this.visible(actor, copyId);
    const content = (await readFrozen(this.pool, sharedFrozenDocs, [{ id: c.id, docHash: c.docHash }])).get(c.id)!;
    const scale = await loadCopyScale(this.db, c.examId, c.variant);
    const artifact = await this.artifact(c.id, c.docHash);
    return {
      id: c.id,
      exam: { ...c.exam, examDate: day(c.exam.examDate) },
      anonymousCode: c.anonymousCode,
      releasedAt: c.releasedAt.toISOString(),
      total: totalOf(scale, content.scores),
      maxPoints: scale.max,
      rows: scoreSheetRows(scale, content.scores, content.comments),
      general: content.general,
      pdf: artifact && { url: pdfUrl(c.id), downloadUrl: `${pdfUrl(c.id)}?download=1`, sizeBytes: artifact.sizeBytes },
    };
  }

  async pdf(actor: Actor, copyId: string): Promise<PortalPdf> {
    const c = await this.visible(actor, copyId);
    const artifact = await this.artifact(c.id, c.docHash);
    if (!artifact) throw new AppError("NOT_FOUND", "Not found");
    const absPath = this.media.abs(artifact.storagePath);
    await fs.access(absPath); // a missing file is a server fault (500, logged), not the student's
    const who = c.student ? ` - ${c.student.lastName} ${c.student.firstName}` : "";
    return { absPath, sha256: artifact.sha256, sizeBytes: artifact.sizeBytes, fileName: `${c.exam.title}${who}.pdf` };
  }

  /** The copy if the actor may see it; NOT_FOUND for anything else, FORBIDDEN for staff. */
  private async visible(actor: Actor, copyId: string) {
    authorize(actor, "portal.access");
    const c = await this.db.copy.findUnique({
      where: { id: copyId },
      select: {
        id: true, examId: true, anonymousCode: true, state: true, releasedAt: true, docHash: true, variant: true,
        exam: { select: EXAM_SELECT },
        student: { select: { userId: true, lastName: true, firstName: true } },
      },
    });
    authorizeOrHide(actor, "portal.viewCopy", { ownerUserId: c?.student?.userId ?? null, releasedAt: c?.releasedAt ?? null, state: c?.state ?? "STAGING" });
    if (!c?.docHash || !c.releasedAt) throw new AppError("NOT_FOUND", "Not found"); // the rule holds; this narrows the types
    return { ...c, docHash: c.docHash, releasedAt: c.releasedAt };
  }

  private artifact(copyId: string, docHash: string) {
    return this.db.renderedArtifact.findUnique({ where: { copyId_docHash: { copyId, docHash } }, select: { storagePath: true, sha256: true, sizeBytes: true } });
  }
}
