// The identification desk: which copy belongs to which student. Lists the copies with their
// state, searches the roster (fuzzy), links and unlinks (a student at most once per exam), marks
// students absent, and counts progress. Graders never reach any of it: they see anonymous codes.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import { Prisma, type Db } from "../db/client.ts";
import { findEditableExam, findExam } from "../exams/exam-lookup.ts";
import { assertScaleVariant } from "../exams/scale-variants.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { searchRoster } from "./fuzzy-match.ts";

const STUDENT_SELECT = { id: true, ine: true, lastName: true, firstName: true, className: true, email: true, birthDate: true } as const;
type StudentRow = {
  id: string;
  ine: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  email: string | null;
  birthDate: Date | null;
};

export interface StudentView {
  id: string;
  ine: string | null;
  lastName: string;
  firstName: string;
  className: string | null;
  email: string | null;
  birthDate: string | null;
}

const toStudent = (s: StudentRow): StudentView => ({ ...s, birthDate: s.birthDate ? s.birthDate.toISOString().slice(0, 10) : null });

export interface IdentificationProgress {
  /** copies of the exam (every state) */
  total: number;
  identified: number;
  remaining: number;
  absent: number;
}

export class IdentificationService {
  constructor(private readonly db: Db) {}

  async copies(actor: Actor, examId: string, filter: { state?: string | undefined; identified?: "true" | "false" | undefined }) {
    authorize(actor, "copies.list");
    await findExam(this.db, examId);
    const copies = await this.db.copy.findMany({
      where: {
        examId,
        ...(filter.state ? { state: filter.state as never } : {}),
        ...(filter.identified === "true" ? { studentId: { not: null } } : filter.identified === "false" ? { studentId: null } : {}),
      },
      orderBy: { seq: "asc" },
      select: {
        id: true,
        seq: true,
        anonymousCode: true,
        state: true,
        batchId: true,
        variant: true,
        student: { select: STUDENT_SELECT },
        _count: { select: { pages: true, assignments: true } },
        pages: { orderBy: [{ position: "asc" }, { id: "asc" }], take: 1, select: { id: true, widthPt: true, heightPt: true, rotation: true, half: true } },
      },
    });
    const absences = await this.db.examAbsence.findMany({ where: { examId }, include: { student: { select: STUDENT_SELECT } }, orderBy: { createdAt: "asc" } });
    return {
      copies: copies.map((c) => ({
        id: c.id,
        seq: c.seq,
        anonymousCode: c.anonymousCode,
        state: c.state,
        batchId: c.batchId,
        variant: c.variant,
        pageCount: c._count.pages,
        assignments: c._count.assignments,
        firstPage: c.pages[0] ?? null,
        pdfUrl: `/api/copies/${c.id}/pdf`,
        student: c.student ? toStudent(c.student) : null,
      })),
      absences: absences.map((a) => ({ student: toStudent(a.student), markedAt: a.createdAt.toISOString() })),
      progress: await this.progressIn(this.db, examId),
    };
  }

  async search(actor: Actor, examId: string, q: string, limit: number, className?: string) {
    authorize(actor, "copies.list");
    await findExam(this.db, examId);
    const students = await this.db.student.findMany({ where: className ? { className } : {}, select: STUDENT_SELECT });
    const hits = searchRoster(students, q, limit);
    const ids = hits.map((h) => h.row.id);
    const [linked, absent] = await Promise.all([
      this.db.copy.findMany({ where: { examId, studentId: { in: ids } }, select: { id: true, anonymousCode: true, studentId: true } }),
      this.db.examAbsence.findMany({ where: { examId, studentId: { in: ids } }, select: { studentId: true } }),
    ]);
    const copyOf = new Map(linked.map((c) => [c.studentId!, { id: c.id, anonymousCode: c.anonymousCode }]));
    const absentSet = new Set(absent.map((a) => a.studentId));
    return hits.map((h) => ({ student: toStudent(h.row), score: h.score, linkedCopy: copyOf.get(h.row.id) ?? null, absent: absentSet.has(h.row.id) }));
  }

  async link(actor: Actor, copyId: string, studentId: string, audit: AuditContext) {
    authorize(actor, "identification.edit");
    return this.db.$transaction(async (tx) => {
      const copy = await tx.copy.findUnique({ where: { id: copyId }, select: { id: true, examId: true, studentId: true, releasedAt: true } });
      if (!copy) throw notFound("Copy");
      await findEditableExam(tx, copy.examId);
      if (copy.releasedAt) throw new AppError("INVALID_STATE", "This copy was released to the student: its identity can no longer change");
      const student = await tx.student.findUnique({ where: { id: studentId }, select: STUDENT_SELECT });
      if (!student) throw notFound("Student");
      if (await tx.examAbsence.findUnique({ where: { examId_studentId: { examId: copy.examId, studentId } } })) {
        throw new AppError("INVALID_STATE", `${student.lastName} ${student.firstName} is marked absent for this exam: remove the absence first`);
      }
      const other = await tx.copy.findFirst({ where: { examId: copy.examId, studentId, NOT: { id: copyId } }, select: { id: true, anonymousCode: true } });
      if (other)
        throw new AppError("STUDENT_ALREADY_LINKED", `${student.lastName} ${student.firstName} is already linked to copy ${other.anonymousCode}`, {
          copyId: other.id,
          anonymousCode: other.anonymousCode,
        });
      try {
        await tx.copy.update({ where: { id: copyId }, data: { studentId } });
      } catch (e) {
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
          throw new AppError("STUDENT_ALREADY_LINKED", "This student was just linked to another copy");
        throw e;
      }
      await recordAudit(tx, audit, { action: "copy.identified", targetType: "copy", targetId: copyId, details: { studentId, previous: copy.studentId } });
      return { copyId, student: toStudent(student), progress: await this.progressIn(tx, copy.examId) };
    });
  }

  async unlink(actor: Actor, copyId: string, audit: AuditContext) {
    authorize(actor, "identification.edit");
    return this.db.$transaction(async (tx) => {
      const copy = await tx.copy.findUnique({ where: { id: copyId }, select: { id: true, examId: true, studentId: true, releasedAt: true } });
      if (!copy) throw notFound("Copy");
      await findEditableExam(tx, copy.examId);
      if (copy.releasedAt) throw new AppError("INVALID_STATE", "This copy was released to the student: its identity can no longer change");
      await tx.copy.update({ where: { id: copyId }, data: { studentId: null } });
      await recordAudit(tx, audit, { action: "copy.unidentified", targetType: "copy", targetId: copyId, details: { previous: copy.studentId } });
      return { copyId, progress: await this.progressIn(tx, copy.examId) };
    });
  }

  /**
   * Which variant (sujet A/B) the copy sits; null = none (only the common questions). Only before
   * grading starts on the copy: its scores are keyed by the questions of its variant, so changing
   * it under a grader would orphan them.
   */
  async setVariant(actor: Actor, copyId: string, variant: string | null, audit: AuditContext) {
    authorize(actor, "copy.setVariant");
    return this.db.$transaction(async (tx) => {
      // FOR UPDATE: conflicts with the grading commit's lock of the copy, so no update slips in between
      const [copy] = await tx.$queryRaw<Array<{ id: string; examId: string; state: string; variant: string | null }>>`
        SELECT id, "examId", state::text AS state, variant FROM "Copy" WHERE id = ${copyId}::uuid FOR UPDATE`;
      if (!copy) throw notFound("Copy");
      await findEditableExam(tx, copy.examId);
      await assertScaleVariant(tx, copy.examId, variant);
      if (copy.variant === variant) return { copyId, variant };
      const edited = copy.state === "STAGING" || copy.state === "READY" ? await tx.copyDocUpdate.findFirst({ where: { copyId }, select: { seq: true } }) : null;
      const snapshot = edited ? null : await tx.copyDocSnapshot.findUnique({ where: { copyId }, select: { copyId: true } });
      if ((copy.state !== "STAGING" && copy.state !== "READY") || edited || snapshot) {
        throw new AppError("GRADING_STARTED", "Grading has started on this copy: its variant can no longer change", {
          copyId,
          state: copy.state,
          variant: copy.variant,
        });
      }
      await tx.copy.update({ where: { id: copyId }, data: { variant } });
      await recordAudit(tx, audit, { action: "copy.variant_set", targetType: "copy", targetId: copyId, details: { variant, previous: copy.variant } });
      return { copyId, variant };
    });
  }

  async setAbsent(actor: Actor, examId: string, studentId: string, absent: boolean, audit: AuditContext) {
    authorize(actor, "identification.edit");
    return this.db.$transaction(async (tx) => {
      await findEditableExam(tx, examId);
      const student = await tx.student.findUnique({ where: { id: studentId }, select: { id: true, lastName: true, firstName: true } });
      if (!student) throw notFound("Student");
      if (absent) {
        const copy = await tx.copy.findFirst({ where: { examId, studentId }, select: { anonymousCode: true } });
        if (copy)
          throw new AppError(
            "INVALID_STATE",
            `${student.lastName} ${student.firstName} is linked to copy ${copy.anonymousCode}: unlink it before marking the student absent`,
          );
        await tx.examAbsence.upsert({ where: { examId_studentId: { examId, studentId } }, create: { examId, studentId }, update: {} });
      } else {
        await tx.examAbsence.deleteMany({ where: { examId, studentId } });
      }
      await recordAudit(tx, audit, {
        action: absent ? "exam.absence_marked" : "exam.absence_removed",
        targetType: "exam",
        targetId: examId,
        details: { studentId },
      });
      return { progress: await this.progressIn(tx, examId) };
    });
  }

  private async progressIn(tx: Pick<Db, "copy" | "examAbsence">, examId: string): Promise<IdentificationProgress> {
    const [total, identified, absent] = await Promise.all([
      tx.copy.count({ where: { examId } }),
      tx.copy.count({ where: { examId, studentId: { not: null } } }),
      tx.examAbsence.count({ where: { examId } }),
    ]);
    return { total, identified, remaining: total - identified, absent };
  }
}
