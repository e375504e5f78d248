// What the grader desk loads in one request (copy, pages, exam, scale questions, the grader's
// range) and the annotation bank (reusable comments, personal or shared with an exam).
import type { Db } from "../db/client.ts";
import { loadCopyAccess } from "../grading/copy-access.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize, can } from "../policy/policy.ts";
import { loadCopyScale } from "../render/copy-scale.ts";
import { pageImageUrls } from "../imaging/page-image-urls.ts";
import type { BankInput } from "../../collab/contract/api/desk.ts";

/** A cap per owner: the bank is a palette, not a document store. */
export const BANK_MAX_ENTRIES = 300;

export interface BankEntryView {
  id: string;
  text: string;
  scope: "personal" | "exam";
  examId: string | null;
  mine: boolean;
  createdAt: string;
}

export class DeskService {
  constructor(private readonly db: Db) {}

  async desk(actor: Actor, copyId: string) {
    authorize(actor, "grading.connect"); // staff only, before any lookup (as loadCopyAccess)
    // the access facts and the copy read together (the copy is used only once access is granted),
    // then its images and scale together: two round trips on the first paint of every desk
    const [access, copy] = await Promise.all([loadCopyAccess(this.db, actor, copyId), this.copyOf(copyId)]);
    if (!copy) throw notFound("Copy"); // deleted between the two reads
    const [images, scale] = await Promise.all([pageImageUrls(this.db, actor, copy.exam, copy.pages), loadCopyScale(this.db, copy.exam.id, copy.variant)]);
    return {
      copy: {
        id: copyId,
        anonymousCode: copy.anonymousCode,
        state: copy.state,
        pageCount: copy.pages.length,
        // the page images the actor may see (redacted twins for graders): the desk paints these
        pages: copy.pages.map((p, i) => ({ position: p.position, widthPt: p.widthPt, heightPt: p.heightPt, images: images[i]! })),
        pdfUrl: `/api/copies/${copyId}/pdf`,
      },
      exam: { id: copy.exam.id, title: copy.exam.title, subject: copy.exam.subject },
      scale: { questions: scale.questions, max: scale.max },
      // a question-range dispatch lists the leaves of its exercises, all variants: keep this copy's
      scope: access.questionIds ? access.questionIds.filter((id) => scale.questions.some((q) => q.id === id)) : null,
      canWrite: access.canWrite,
    };
  }

  /** Who holds the copy's live lock (null: free or expired): the desk's first page offers its pen only to them or when it is free. */
  async lockHolderOf(copyId: string): Promise<string | null> {
    const rows = await this.db.$queryRaw<{ holderId: string }[]>`
      SELECT "holderId" FROM "CopyLock" WHERE "copyId" = ${copyId}::uuid AND "expiresAt" > now()`;
    return rows[0]?.holderId ?? null;
  }

  private copyOf(copyId: string) {
    return this.db.copy.findUnique({
      where: { id: copyId },
      select: {
        anonymousCode: true,
        state: true,
        variant: true,
        exam: { select: { id: true, title: true, subject: true, identityZones: true, supervisorsSeeNames: true } },
        pages: {
          orderBy: { position: "asc" },
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
  }

  async listBank(actor: Actor, examId: string | undefined): Promise<BankEntryView[]> {
    authorize(actor, "bank.usePersonal");
    const shared = examId !== undefined && (await this.mayUseExam(actor, examId));
    const rows = await this.db.annotationBankEntry.findMany({
      where: { OR: [{ ownerId: actor.id, examId: null }, ...(shared ? [{ examId }] : [])] },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return rows.map((r) => toView(actor, r));
  }

  async addBank(actor: Actor, input: BankInput): Promise<BankEntryView> {
    authorize(actor, "bank.usePersonal");
    if (input.examId !== undefined) {
      const exam = await this.db.exam.findUnique({ where: { id: input.examId }, select: { id: true } });
      if (!exam) throw new AppError("NOT_FOUND", "Exam not found");
      if (!(await this.mayUseExam(actor, input.examId))) throw new AppError("FORBIDDEN", "You do not grade this exam");
    }
    const owned = await this.db.annotationBankEntry.count({ where: { ownerId: actor.id } });
    if (owned >= BANK_MAX_ENTRIES) throw new AppError("CONFLICT", `At most ${BANK_MAX_ENTRIES} bank entries per user`);
    const row = await this.db.annotationBankEntry.create({ data: { ownerId: actor.id, examId: input.examId ?? null, text: input.text } });
    return toView(actor, row);
  }

  async deleteBank(actor: Actor, id: string): Promise<void> {
    authorize(actor, "bank.usePersonal");
    const row = await this.db.annotationBankEntry.findUnique({ where: { id }, select: { ownerId: true, examId: true } });
    // Someone else's personal entry answers like a missing one: its existence is not ours to know.
    const visible = row && (row.ownerId === actor.id || (row.examId !== null && (await this.mayUseExam(actor, row.examId))));
    if (!row || !visible) throw new AppError("NOT_FOUND", "Bank entry not found");
    authorize(actor, "bank.delete", row);
    await this.db.annotationBankEntry.delete({ where: { id } });
  }

  private async mayUseExam(actor: Actor, examId: string): Promise<boolean> {
    const assigned = actor.role === "GRADER" && (await this.db.assignment.count({ where: { graderId: actor.id, copy: { examId } } })) > 0;
    return can(actor, "bank.useExam", { assigned });
  }
}

function toView(actor: Actor, r: { id: string; text: string; ownerId: string | null; examId: string | null; createdAt: Date }): BankEntryView {
  return {
    id: r.id,
    text: r.text,
    scope: r.examId ? "exam" : "personal",
    examId: r.examId,
    mine: r.ownerId === actor.id,
    createdAt: r.createdAt.toISOString(),
  };
}
