// Dispatch (READY copies to graders, whole copies or by exercise) and the graders' own lists: the
// exams and the copies dispatched to the caller.
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, MANAGERS, STAFF } from "../common.ts";
import { Exam } from "./exams.ts";
import { route } from "./route.ts";

// ── requests ──

const common = {
  /** first take back the copies not yet started (READY, no annotation or score, not locked) */
  redispatch: z.boolean().default(false),
  /** with redispatch: also take back READY copies already started (not locked right now) */
  includeStarted: z.boolean().default(false),
};

export const DispatchInput = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("copies"), graderIds: z.array(Id).min(1).max(200), ...common }),
  z.strictObject({
    mode: z.literal("questions"),
    groups: z
      .array(z.strictObject({ graderIds: z.array(Id).min(1).max(200), exerciseIds: z.array(Id).min(1).max(100) }))
      .min(1)
      .max(20),
    ...common,
  }),
]);
export type DispatchInput = z.output<typeof DispatchInput>;

export const GraderCopiesQuery = z.strictObject({ examId: Id });

// ── answers ──

export const GraderLoad = z.object({
  id: Id,
  displayName: z.string(),
  /** copies dispatched to the grader (whole or a question range) */
  copies: z.number().int(),
  wholeCopies: z.number().int(),
  questionCopies: z.number().int(),
  /** of those, finalized */
  done: z.number().int(),
});
export type GraderLoad = z.infer<typeof GraderLoad>;

export const DispatchSummary = z.object({
  totalCopies: z.number().int(),
  ready: z.number().int(),
  /** READY copies with no assignment */
  unassigned: z.number().int(),
  graders: z.array(GraderLoad),
});
export type DispatchSummary = z.infer<typeof DispatchSummary>;

export const DispatchResult = z.object({
  /** copies dispatched by this call */
  assigned: z.number().int(),
  /** assignments made (a copy given by question ranges counts once per group) */
  assignments: z.number().int(),
  /** assignments taken back first (redispatch) */
  takenBack: z.number().int(),
  summary: DispatchSummary,
});
export type DispatchResult = z.infer<typeof DispatchResult>;

export const GraderExam = z.object({
  exam: Exam,
  /** my copies of the exam: done (finalized, or my question range all scored) of total */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
});
export type GraderExam = z.infer<typeof GraderExam>;

export const GraderCopy = z.object({
  id: Id,
  anonymousCode: z.string(),
  state: CopyState,
  pageCount: z.number().int(),
  /** the whole copy, or a question range (questionIds) */
  scope: z.enum(["copy", "questions"]),
  questionIds: z.array(z.string()),
  /** question range only: every question of my range is scored, the copy waits for a colleague (or a supervisor) to finalize it */
  myPartDone: z.boolean(),
  /** where the copy stands for me: done = finalized */
  myStatus: z.enum(["todo", "partDone", "done"]),
  /** my range's mark so far: points of the scored questions over the range's maximum; null: nothing scored */
  mark: z.object({ points: z.number(), max: z.number(), scored: z.number().int(), questions: z.number().int() }).nullable(),
  /** who holds the copy's lock right now; null: nobody */
  lock: z.object({ holderName: z.string(), mine: z.boolean(), expiresAt: IsoDateTime }).nullable(),
  pdfUrl: z.string(),
});
export type GraderCopy = z.infer<typeof GraderCopy>;

export const dispatchApi = {
  getDispatch: route({
    method: "GET",
    path: "/api/exams/:id/dispatch",
    summary: "Where the exam's dispatch stands: copies, READY ones not dispatched, each grader's load",
    access: MANAGERS,
    params: IdParam,
    response: z.object({ dispatch: DispatchSummary }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  dispatchCopies: route({
    method: "POST",
    path: "/api/exams/:id/dispatch",
    summary: "Dispatch the READY copies not yet given: whole copies balanced between graders, or exercises to groups of graders",
    access: ["ADMIN"],
    params: IdParam,
    body: DispatchInput,
    response: DispatchResult,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  graderExams: route({
    method: "GET",
    path: "/api/grader/exams",
    summary: "The caller's exams (not archived) with copies dispatched to them, and their progress",
    access: STAFF,
    response: z.object({ exams: z.array(GraderExam) }),
    errors: ["FORBIDDEN"],
  }),
  graderCopies: route({
    method: "GET",
    path: "/api/grader/copies",
    summary: "The copies of an exam dispatched to the caller: anonymous code, state, their range, their mark so far, who holds the lock",
    access: STAFF,
    query: GraderCopiesQuery,
    response: z.object({ copies: z.array(GraderCopy) }),
    errors: ["FORBIDDEN"],
  }),
};
