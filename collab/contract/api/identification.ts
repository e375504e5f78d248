// The identification desk: an exam's copies with their identification state, roster search, link /
// unlink a copy and a student, the copy's variant (sujet A/B), absences.
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, MANAGERS, PageHalf } from "../common.ts";
import { route } from "./route.ts";

const ADMIN = ["ADMIN"] as const;

// ── requests ──

export const AbsenceParam = z.strictObject({ id: Id, studentId: Id });

export const VariantInput = z.strictObject({
  variant: z
    .string()
    .regex(/^[A-Z]$/, "a variant is one capital letter (A, B …)")
    .nullable(),
});

export const LinkInput = z.strictObject({ studentId: Id });

export const RosterSearchQuery = z.strictObject({
  q: z.string().trim().min(1).max(200),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  className: z.string().trim().max(60).optional(),
});

export const ExamCopiesQuery = z.strictObject({
  state: CopyState.optional(),
  identified: z.enum(["true", "false"]).optional(),
});

// ── answers ──

export const Student = z.object({
  id: Id,
  ine: z.string().nullable(),
  lastName: z.string(),
  firstName: z.string(),
  className: z.string().nullable(),
  email: z.string().nullable(),
  /** YYYY-MM-DD */
  birthDate: z.iso.date().nullable(),
});
export type Student = z.infer<typeof Student>;

export const IdentProgress = z.object({
  /** copies of the exam (every state) */
  total: z.number().int(),
  identified: z.number().int(),
  remaining: z.number().int(),
  absent: z.number().int(),
});
export type IdentProgress = z.infer<typeof IdentProgress>;

export const IdentCopy = z.object({
  id: Id,
  seq: z.number().int(),
  anonymousCode: z.string(),
  state: CopyState,
  batchId: Id.nullable(),
  /** the variant (sujet A/B) the copy sits, null = none */
  variant: z.string().nullable(),
  pageCount: z.number().int(),
  /** how many dispatch assignments the copy has */
  assignments: z.number().int(),
  firstPage: z.object({ id: Id, widthPt: z.number(), heightPt: z.number(), rotation: z.number().int(), half: PageHalf }).nullable(),
  pdfUrl: z.string(),
  student: Student.nullable(),
});
export type IdentCopy = z.infer<typeof IdentCopy>;

export const IdentView = z.object({
  copies: z.array(IdentCopy),
  absences: z.array(z.object({ student: Student, markedAt: IsoDateTime })),
  progress: IdentProgress,
});
export type IdentView = z.infer<typeof IdentView>;

export const SearchHit = z.object({
  student: Student,
  /** 1: exact INE or e-mail; below: how close the name is */
  score: z.number(),
  /** the copy of this exam the student is already linked to */
  linkedCopy: z.object({ id: Id, anonymousCode: z.string() }).nullable(),
  absent: z.boolean(),
});
export type SearchHit = z.infer<typeof SearchHit>;

const ProgressAnswer = z.object({ progress: IdentProgress });

export const identificationApi = {
  examCopies: route({
    method: "GET",
    path: "/api/exams/:id/copies",
    summary: "The exam's copies in order with their student (if identified), the absent students and the identification progress",
    access: MANAGERS,
    params: IdParam,
    query: ExamCopiesQuery,
    response: IdentView,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  searchRoster: route({
    method: "GET",
    path: "/api/exams/:id/roster/search",
    summary: "Fuzzy search of the roster (name, INE, e-mail) for the exam's identification: each hit says whether the student is linked or absent",
    access: MANAGERS,
    params: IdParam,
    query: RosterSearchQuery,
    response: z.object({ results: z.array(SearchHit) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  linkStudent: route({
    method: "PUT",
    path: "/api/copies/:id/student",
    summary: "Link a copy to a student (a student at most once per exam, never an absent one, never on a released copy)",
    access: ADMIN,
    params: IdParam,
    body: LinkInput,
    response: z.object({ copyId: Id, student: Student, progress: IdentProgress }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "STUDENT_ALREADY_LINKED"],
  }),
  unlinkStudent: route({
    method: "DELETE",
    path: "/api/copies/:id/student",
    summary: "Unlink a copy from its student (not on a released copy)",
    access: ADMIN,
    params: IdParam,
    response: z.object({ copyId: Id, progress: IdentProgress }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  setVariant: route({
    method: "PUT",
    path: "/api/copies/:id/variant",
    summary: "The variant (sujet A/B) a copy sits, or null; only before grading starts on it",
    access: ADMIN,
    params: IdParam,
    body: VariantInput,
    response: z.object({ copyId: Id, variant: z.string().nullable() }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "UNKNOWN_VARIANT", "GRADING_STARTED"],
  }),
  markAbsent: route({
    method: "PUT",
    path: "/api/exams/:id/absences/:studentId",
    summary: "Mark a student absent for the exam (not while linked to a copy)",
    access: ADMIN,
    params: AbsenceParam,
    response: ProgressAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  unmarkAbsent: route({
    method: "DELETE",
    path: "/api/exams/:id/absences/:studentId",
    summary: "Remove a student's absence for the exam",
    access: ADMIN,
    params: AbsenceParam,
    response: ProgressAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
};
