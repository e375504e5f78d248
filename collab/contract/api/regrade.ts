// Regrade requests (#17): a student asks about one question of their released copy (under the
// portal), staff see the queue and answer, supervisors set an exam's window and cap, the office
// exports the requests with their outcomes.
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, MANAGERS, RegradeStatus, STAFF } from "../common.ts";
import { route } from "./route.ts";

export const REGRADE_MESSAGE_MAX = 2000;

export const ExamIdParam = z.strictObject({ examId: Id });

/** A message is text: trimmed, 1..2000 characters, stored and shown as typed (never as HTML). */
const text = z.string().trim().min(1, "write a message").max(REGRADE_MESSAGE_MAX, `at most ${REGRADE_MESSAGE_MAX} characters`);

export const CreateRegradeInput = z.strictObject({
  questionId: Id,
  message: text,
});
export type CreateRegradeInput = z.infer<typeof CreateRegradeInput>;

/** A refusal gives its reason; an acceptance may add a note for the student. */
export const AnswerRegradeInput = z.discriminatedUnion("decision", [
  z.strictObject({ decision: z.literal("refuse"), reason: text }),
  z.strictObject({ decision: z.literal("accept"), note: z.string().trim().max(REGRADE_MESSAGE_MAX).optional() }),
]);
export type AnswerRegradeInput = z.infer<typeof AnswerRegradeInput>;

export const QueueQuery = z.strictObject({
  /** comma-separated statuses; default: every status of an exam, OPEN and ACCEPTED across exams */
  status: z
    .string()
    .max(100)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(RegradeStatus).max(5))
    .optional(),
});

export const RegradeSettings = z.strictObject({
  /** days after the copy's release during which its student may ask; null closes requests */
  windowDays: z.number().int().min(1).max(365).nullable(),
  /** requests one student may open on the exam (withdrawn ones do not count) */
  maxPerStudent: z.number().int().min(1).max(50),
});
export type RegradeSettings = z.infer<typeof RegradeSettings>;

/** a request as its student sees it: their own words and the answer */
export const RegradeRequest = z.object({
  id: Id,
  copyId: Id,
  questionId: z.string(),
  questionLabel: z.string(),
  message: z.string(),
  status: RegradeStatus,
  answer: z.string().nullable(),
  answeredAt: IsoDateTime.nullable(),
  /** the released version the student asked about */
  fromVersion: z.number().int(),
  /** the released version that settled it */
  resolvedVersion: z.number().int().nullable(),
  createdAt: IsoDateTime,
});
export type RegradeRequest = z.infer<typeof RegradeRequest>;

/** a request as staff see it: plus the copy's anonymous code and state (never the student's name) */
export const RegradeStaffRequest = RegradeRequest.extend({
  examId: Id,
  examTitle: z.string(),
  anonymousCode: z.string(),
  copyState: CopyState,
  answeredBy: z.string().nullable(),
});
export type RegradeStaffRequest = z.infer<typeof RegradeStaffRequest>;

export const RegradeWindow = z.object({
  /** the student may open a request now */
  open: z.boolean(),
  /** when the window closes (null: the exam takes no requests) */
  closesAt: IsoDateTime.nullable(),
  max: z.number().int(),
  /** requests the student may still open on this exam */
  remaining: z.number().int(),
});
export type RegradeWindow = z.infer<typeof RegradeWindow>;

const StudentAnswer = z.object({ request: RegradeRequest });
const StaffList = z.object({ requests: z.array(RegradeStaffRequest) });
const SettingsAnswer = z.object({ settings: RegradeSettings });

export const regradeApi = {
  myRegradeRequests: route({
    method: "GET",
    path: "/api/portal/copies/:id/regrade-requests",
    summary: "The student's regrade requests on their released copy, and whether they may still ask",
    access: ["STUDENT"],
    params: IdParam,
    response: z.object({ requests: z.array(RegradeRequest), window: RegradeWindow }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  askRegrade: route({
    method: "POST",
    path: "/api/portal/copies/:id/regrade-requests",
    summary: "Ask for a review of one question of one's released copy, within the exam's window and cap",
    access: ["STUDENT"],
    params: IdParam,
    body: CreateRegradeInput,
    status: 201,
    response: StudentAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "REGRADE_CLOSED", "UNKNOWN_QUESTION", "REGRADE_DUPLICATE", "REGRADE_CAP_REACHED"],
  }),
  withdrawRegrade: route({
    method: "POST",
    path: "/api/portal/regrade-requests/:id/withdraw",
    summary: "Withdraw one's own open request",
    access: ["STUDENT"],
    params: IdParam,
    response: StudentAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  regradeQueue: route({
    method: "GET",
    path: "/api/regrade/requests",
    summary: "The requests needing the caller across exams (OPEN and ACCEPTED unless ?status= says); a grader sees the copies dispatched to them",
    access: STAFF,
    query: QueueQuery,
    response: StaffList,
    errors: ["FORBIDDEN"],
  }),
  examRegradeQueue: route({
    method: "GET",
    path: "/api/regrade/exams/:examId/requests",
    summary: "One exam's requests (every status unless ?status= says); a grader sees the copies dispatched to them",
    access: STAFF,
    params: ExamIdParam,
    query: QueueQuery,
    response: StaffList,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  answerRegrade: route({
    method: "POST",
    path: "/api/regrade/requests/:id/answer",
    summary: "Refuse with a reason, or accept (the copy reopens for grading); a request one is not concerned by answers 404",
    access: STAFF,
    params: IdParam,
    body: AnswerRegradeInput,
    response: z.object({ request: RegradeStaffRequest }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  regradeSettings: route({
    method: "GET",
    path: "/api/regrade/exams/:examId/settings",
    summary: "An exam's regrade window and cap per student",
    access: MANAGERS,
    params: ExamIdParam,
    response: SettingsAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  saveRegradeSettings: route({
    method: "PUT",
    path: "/api/regrade/exams/:examId/settings",
    summary: "Set an exam's regrade window and cap per student (audited)",
    access: MANAGERS,
    params: ExamIdParam,
    body: RegradeSettings,
    response: SettingsAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  exportRegrades: route({
    method: "GET",
    path: "/api/exports/exams/:examId/regrades.csv",
    summary: "An exam's regrade requests with the students' names and outcomes, as CSV (audited)",
    access: ["ADMIN"],
    params: ExamIdParam,
    response: { file: "text/csv" },
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
