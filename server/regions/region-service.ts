// Question regions of an exam (QuestionRegion rows): where each question is answered on the copies,
// drawn once on the subject or the first copy. Grading by question shows these boxes.
import type { Db } from "../db/client.ts";
import { findEditableExam, findExam, isGraderOfExam } from "../exams/exam-lookup.ts";
import { AppError } from "../errors/app-error.ts";
import { pageImageUrls, type PageImageUrls } from "../imaging/page-image-urls.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { loadExamQuestions, type ExamQuestion } from "../supervision/exam-questions.ts";
import type { Region, RegionsPut } from "../../collab/contract/api/regions.ts";

export interface RegionsView {
  examId: string;
  /** the scale's leaves in order, each with its regions (empty: none drawn yet) */
  questions: Array<Pick<ExamQuestion, "id" | "label" | "path" | "maxPoints" | "variant"> & { regions: Region[] }>;
  /** staff only: the first copy of the exam, on which the region editor draws (null: no copy yet) */
  sample?: { copyId: string; anonymousCode: string; pageCount: number; pages: SamplePage[] } | null;
}

/** A page of the sample copy as the editor paints it: its image (pdf.js draws a page without one). */
export interface SamplePage {
  page: number;
  widthPt: number;
  heightPt: number;
  images: PageImageUrls;
}

/** The editor shows this many pages of the sample copy at most. */
export const SAMPLE_PAGES = 8;

export class RegionService {
  constructor(private readonly db: Db) {}

  async read(actor: Actor, examId: string): Promise<RegionsView> {
    await findExam(this.db, examId);
    authorize(actor, "regions.read", { assigned: actor.role === "GRADER" && (await isGraderOfExam(this.db, actor.id, examId)) });
    const view = await this.view(examId);
    if (actor.role === "GRADER") return view;
    const first = await this.db.copy.findFirst({
      where: { examId, pages: { some: {} } },
      orderBy: { seq: "asc" },
      select: {
        id: true,
        anonymousCode: true,
        _count: { select: { pages: true } },
        exam: { select: { identityZones: true, supervisorsSeeNames: true } },
        pages: {
          orderBy: { position: "asc" },
          take: SAMPLE_PAGES,
          select: {
            id: true,
            copyId: true,
            position: true,
            widthPt: true,
            heightPt: true,
            sourcePath: true,
            sourcePage: true,
            rotation: true,
            half: true,
            imageError: true,
            extraBookletId: true,
          },
        },
      },
    });
    if (!first) return { ...view, sample: null };
    const images = await pageImageUrls(this.db, actor, first.exam, first.pages);
    const pages = first.pages.map((p, i) => ({ page: p.position + 1, widthPt: p.widthPt, heightPt: p.heightPt, images: images[i]! }));
    return { ...view, sample: { copyId: first.id, anonymousCode: first.anonymousCode, pageCount: first._count.pages, pages } };
  }

  /** Replaces every region of the exam in one transaction. */
  async replace(actor: Actor, examId: string, input: RegionsPut): Promise<RegionsView> {
    authorize(actor, "regions.update");
    await findEditableExam(this.db, examId);
    const leaves = new Set((await loadExamQuestions(this.db, examId)).all.map((q) => q.id));
    const unknown = Object.keys(input.questions).filter((id) => !leaves.has(id));
    if (unknown.length) throw new AppError("VALIDATION_FAILED", "Regions are drawn for the questions of the exam's scale only", { unknown });
    const rows = Object.entries(input.questions).flatMap(([questionId, regions]) =>
      regions.map((r, position) => ({ examId, questionId, position, page: r.page, x: r.box.x, y: r.box.y, w: r.box.w, h: r.box.h })),
    );
    await this.db.$transaction([this.db.questionRegion.deleteMany({ where: { examId } }), this.db.questionRegion.createMany({ data: rows })]);
    return this.view(examId);
  }

  private async view(examId: string): Promise<RegionsView> {
    const [questions, rows] = await Promise.all([
      loadExamQuestions(this.db, examId),
      this.db.questionRegion.findMany({ where: { examId }, orderBy: [{ questionId: "asc" }, { position: "asc" }] }),
    ]);
    const byQuestion = new Map<string, Region[]>();
    for (const r of rows) byQuestion.set(r.questionId, [...(byQuestion.get(r.questionId) ?? []), { page: r.page, box: { x: r.x, y: r.y, w: r.w, h: r.h } }]);
    return {
      examId,
      questions: questions.all.map((q) => ({
        id: q.id,
        label: q.label,
        path: q.path,
        maxPoints: q.maxPoints,
        variant: q.variant,
        regions: byQuestion.get(q.id) ?? [],
      })),
    };
  }
}
