// The student portal: a student's released copies, each as its last released version — marks per
// question with the rubric items applied and their feedback, comments, the annotated PDF of that
// release. A later change (rubric version, reopen and regrade, adjustment) shows only once released
// again. Nothing else exists for them: another copy or an unreleased one answers NOT_FOUND,
// exactly like an id that was never issued.
import fs from "node:fs/promises";
import type { Db, Prisma } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, authorizeOrHide } from "../policy/policy.ts";
import { agreedOverlay } from "../moderation/agreed-marks.ts";
import { loadMarksContext, marksView, type QuestionMarkView } from "../render/copy-marks-view.ts";
import type { ReleasedContent } from "../release/released-version.ts";
import type { ScoreSheetRow } from "../render/render-types.ts";
import type { MediaStore } from "../storage/media-store.ts";
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
  /** when the version shown was released */
  readonly releasedAt: string;
  /** the released version shown (1, 2, …); null for a copy released before versions existed */
  readonly version: number | null;
  readonly total: number;
  readonly maxPoints: number;
}

export interface PortalCopyDetail extends PortalCopySummary {
  readonly rows: readonly ScoreSheetRow[];
  /** per question: the mark, the rubric items applied with their feedback, the adjustment, the comment */
  readonly marks: readonly QuestionMarkView[];
  readonly general: string;
  readonly pdf: { readonly url: string; readonly downloadUrl: string; readonly sizeBytes: number } | null;
}

export interface PortalPdf {
  readonly absPath: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly fileName: string;
}

/** What the student sees of one copy: its last released version. */
interface Shown {
  /** null: released before versions existed (shown from its frozen document) */
  readonly version: number | null;
  readonly releasedAt: Date;
  readonly total: number;
  readonly maxPoints: number;
  readonly content: ReleasedContent;
  readonly pdf: { readonly storagePath: string; readonly sha256: string; readonly sizeBytes: number } | null;
}

const EXAM_SELECT = { id: true, title: true, subject: true, examDate: true } as const;
const COPY_SELECT = {
  id: true,
  examId: true,
  anonymousCode: true,
  state: true,
  releasedAt: true,
  docHash: true,
  variant: true,
  exam: { select: EXAM_SELECT },
  student: { select: { userId: true, lastName: true, firstName: true } },
  releasedVersions: { orderBy: { number: "desc" }, take: 1 },
} as const;
const day = (d: Date | null) => d?.toISOString().slice(0, 10) ?? null;
const pdfUrl = (copyId: string) => `/api/portal/copies/${copyId}/pdf`;

type PortalCopyRow = Prisma.CopyGetPayload<{ select: typeof COPY_SELECT }>;

/** A copy's released state: its last version, or (copies released before versions existed) its graded document. */
export const hasShown = (c: { releasedVersions: readonly unknown[] } & Pick<PortalCopyRow, "state" | "docHash">) =>
  c.releasedVersions.length > 0 || (c.state === "GRADED" && c.docHash !== null);

export class PortalService {
  constructor(
    private readonly db: Db,
    private readonly pool: Queryable,
    private readonly media: MediaStore,
  ) {}

  async list(actor: Actor): Promise<PortalCopySummary[]> {
    authorize(actor, "portal.access");
    const copies = await this.db.copy.findMany({ where: { releasedAt: { not: null }, student: { userId: actor.id } }, select: COPY_SELECT });
    const out: PortalCopySummary[] = [];
    for (const c of copies.filter(hasShown)) {
      const shown = await this.shown(c);
      out.push({ ...this.summary(c, shown) });
    }
    return out.sort((a, b) => b.releasedAt.localeCompare(a.releasedAt) || a.id.localeCompare(b.id));
  }

  async get(actor: Actor, copyId: string): Promise<PortalCopyDetail> {
    const c = await this.visible(actor, copyId);
    const shown = await this.shown(c);
    return {
      ...this.summary(c, shown),
      rows: shown.content.rows,
      marks: shown.content.marks,
      general: shown.content.general,
      pdf: shown.pdf && { url: pdfUrl(c.id), downloadUrl: `${pdfUrl(c.id)}?download=1`, sizeBytes: shown.pdf.sizeBytes },
    };
  }

  async pdf(actor: Actor, copyId: string): Promise<PortalPdf> {
    const c = await this.visible(actor, copyId);
    const { pdf } = await this.shown(c);
    if (!pdf) throw new AppError("NOT_FOUND", "Not found");
    const absPath = this.media.abs(pdf.storagePath);
    await fs.access(absPath); // a missing file is a server fault (500, logged), not the student's
    const who = c.student ? ` - ${c.student.lastName} ${c.student.firstName}` : "";
    return { absPath, sha256: pdf.sha256, sizeBytes: pdf.sizeBytes, fileName: `${c.exam.title}${who}.pdf` };
  }

  private summary(c: PortalCopyRow, shown: Shown): PortalCopySummary {
    return {
      id: c.id,
      exam: { ...c.exam, examDate: day(c.exam.examDate) },
      anonymousCode: c.anonymousCode,
      releasedAt: shown.releasedAt.toISOString(),
      version: shown.version,
      total: shown.total,
      maxPoints: shown.maxPoints,
    };
  }

  private async shown(c: PortalCopyRow): Promise<Shown> {
    const v = c.releasedVersions[0];
    if (v) {
      return {
        version: v.number,
        releasedAt: v.releasedAt,
        total: v.total,
        maxPoints: v.maxPoints,
        content: v.content as unknown as ReleasedContent,
        pdf: { storagePath: v.pdfPath, sha256: v.pdfSha256, sizeBytes: v.pdfSizeBytes },
      };
    }
    // released before versions existed: the graded document under today's scale (as before)
    const content = (await readFrozen(this.pool, sharedFrozenDocs, [{ id: c.id, docHash: c.docHash! }])).get(c.id)!;
    const agreed = (await agreedOverlay(this.pool, [c.id])).get(c.id);
    const view = marksView(await loadMarksContext(this.db, c.examId, c.variant), { ...content, agreed });
    const pdf = await this.db.renderedArtifact.findUnique({
      where: { copyId_docHash: { copyId: c.id, docHash: c.docHash! } },
      select: { storagePath: true, sha256: true, sizeBytes: true },
    });
    return {
      version: null,
      releasedAt: c.releasedAt!,
      total: view.total,
      maxPoints: view.max,
      content: { rows: view.rows, marks: view.marks, general: view.general },
      pdf,
    };
  }

  /** The copy if the actor may see it; NOT_FOUND for anything else, FORBIDDEN for staff. */
  private async visible(actor: Actor, copyId: string): Promise<PortalCopyRow> {
    authorize(actor, "portal.access");
    const c = await this.db.copy.findUnique({ where: { id: copyId }, select: COPY_SELECT });
    authorizeOrHide(actor, "portal.viewCopy", {
      ownerUserId: c?.student?.userId ?? null,
      releasedAt: c?.releasedAt ?? null,
      hasReleasedVersion: c ? hasShown(c) : false,
    });
    return c!;
  }
}
