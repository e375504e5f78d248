// Moderation (#16; docs/moderation.md): blind second markings and their layers, reconciliation of
// double-marked copies, agreement statistics and the exam's tolerance and rule.
import { z } from "zod";
import { CopyState, Id, IdParam, IsoDateTime, MANAGERS, ModerationRule, SecondMarkingStatus, STAFF } from "../common.ts";
import { route } from "./route.ts";

// ---- requests

const reopen = z.boolean().optional();

/** a random sample (percent or count, stratified by first marker) or chosen copies; reopen: take released copies back */
export const SecondMarkingRequest = z.discriminatedUnion("mode", [
  z.strictObject({ mode: z.literal("percent"), percent: z.number().gt(0).max(100), reopen }),
  z.strictObject({ mode: z.literal("count"), count: z.number().int().min(1).max(10_000), reopen }),
  z.strictObject({ mode: z.literal("copies"), copyIds: z.array(Id).min(1).max(2_000), reopen }),
]);
export type SecondMarkingRequest = z.infer<typeof SecondMarkingRequest>;

export const ExamIdParam = z.strictObject({ examId: Id });
export const ExamCopyParams = z.strictObject({ examId: Id, copyId: Id });
export const CopyIdParam = z.strictObject({ copyId: Id });
export const CopyQuestionParams = z.strictObject({ copyId: Id, questionId: z.string().min(1).max(128) });
/** the only moderation layer: the blind second marking */
export const LayerParams = z.strictObject({ id: Id, layer: z.literal("second") });

const hundredths = (x: number) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6;
const version = z.number().int().min(0).max(1_000_000);

/** pick a layer's mark, or set one by hand with a comment; `expectedVersion` is the row's version as seen */
export const DecideInput = z.union([
  z.strictObject({ expectedVersion: version, source: z.enum(["FIRST", "SECOND"]), comment: z.string().trim().max(500).optional() }),
  z.strictObject({
    expectedVersion: version,
    mark: z.number().min(0).max(10_000).refine(hundredths, "a mark is written with at most two decimals"),
    comment: z.string().trim().min(1, "a mark set by hand needs a comment").max(500),
  }),
]);
export type DecideInput = z.infer<typeof DecideInput>;

export const SettingsInput = z.strictObject({
  tolerance: z.number().min(0).max(100).refine(hundredths, "a tolerance is written with at most two decimals"),
  rule: ModerationRule,
});
export type SettingsInput = z.infer<typeof SettingsInput>;

// ---- answers

/** where a question's agreed mark comes from: a layer, a mark set by hand, the exam's rule, or none yet */
export const ReconcileSource = z.enum(["RULE", "FIRST", "SECOND", "MANUAL", "PENDING"]);
export type ReconcileSource = z.infer<typeof ReconcileSource>;

/** a second marking that was not withdrawn: the ones reconciliation counts */
export const ActiveMarkingStatus = SecondMarkingStatus.exclude(["CANCELLED"]);
export type ActiveMarkingStatus = z.infer<typeof ActiveMarkingStatus>;

const Person = z.object({ id: Id, displayName: z.string() });

export const SecondMarkingRow = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  status: SecondMarkingStatus,
  firstMarker: Person.nullable(),
  marker: Person.nullable(),
  requestedAt: IsoDateTime,
  finalizedAt: IsoDateTime.nullable(),
});
export type SecondMarkingRow = z.infer<typeof SecondMarkingRow>;

/** a second marker's queue: their markings under way and done */
export const QueueRow = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  examId: Id,
  examTitle: z.string(),
  status: SecondMarkingStatus,
  requestedAt: IsoDateTime,
});
export type QueueRow = z.infer<typeof QueueRow>;

export const SecondMarkingsAsked = z.object({
  created: z.array(z.object({ copyId: Id, anonymousCode: z.string(), status: z.enum(["WAITING", "GRADING"]), markerId: Id.nullable() })),
  skipped: z.array(z.object({ copyId: Id, anonymousCode: z.string(), reason: z.literal("ALREADY_SECOND_MARKED") })),
  /** released copies taken back into moderation (reopen: true) */
  reopened: z.array(Id),
});
export type SecondMarkingsAsked = z.infer<typeof SecondMarkingsAsked>;

const Both = <T extends z.ZodType>(t: T) => z.object({ first: t, second: t });

export const LayerQuestion = z.object({
  questionId: z.string(),
  path: z.string(),
  max: z.number(),
  /** null: not scored in that layer */
  first: z.number().nullable(),
  second: z.number().nullable(),
  /** each layer's comment on the question */
  comments: Both(z.string().nullable()),
  /** null: no agreed mark yet */
  agreed: z.object({ source: ReconcileSource.exclude(["PENDING"]), mark: z.number() }).nullable(),
});
export type LayerQuestion = z.infer<typeof LayerQuestion>;

/** the supervisor's layer viewer: both layers' marks and the agreed ones */
export const LayerOverview = z.object({
  copy: z.object({ id: Id, examId: Id, anonymousCode: z.string(), state: CopyState }),
  marking: SecondMarkingRow.nullable(),
  questions: z.array(LayerQuestion),
  /** annotations drawn in each layer */
  annotations: Both(z.number().int()),
  /** each layer's general comment */
  general: Both(z.string()),
  firstTotal: z.number(),
  secondTotal: z.number(),
  max: z.number(),
});
export type LayerOverview = z.infer<typeof LayerOverview>;

/** a page's image URLs (redacted twins for those who may not see names) */
const LayerPageImages = z.object({ thumb: z.string(), read: z.string(), high: z.string(), redacted: z.boolean(), failed: z.boolean() });

/** the second marker's desk: the scan and the scale, nothing of the first marking */
export const LayerDesk = z.object({
  copy: z.object({
    id: Id,
    anonymousCode: z.string(),
    /** the layer's own state: READY while marked, GRADED once done */
    state: z.enum(["READY", "GRADED"]),
    pageCount: z.number().int(),
    pages: z.array(z.object({ position: z.number().int(), widthPt: z.number(), heightPt: z.number(), images: LayerPageImages })),
    pdfUrl: z.string(),
  }),
  exam: z.object({ id: Id, title: z.string(), subject: z.string().nullable() }),
  scale: z.object({ questions: z.array(z.object({ id: z.string(), label: z.string(), path: z.string(), maxPoints: z.number() })), max: z.number() }),
  scope: z.null(),
  canWrite: z.boolean(),
  layer: z.literal("second"),
  marking: z.object({ status: SecondMarkingStatus.nullable() }),
});
export type LayerDesk = z.infer<typeof LayerDesk>;

export const ModerationSettings = z.object({ tolerance: z.number(), rule: ModerationRule });
export type ModerationSettings = z.infer<typeof ModerationSettings>;

export const ReconcileListCopy = z.object({
  copyId: Id,
  anonymousCode: z.string(),
  /** the second marking's status */
  status: ActiveMarkingStatus,
  questions: z.number().int(),
  agreed: z.number().int(),
  pending: z.number().int(),
  /** decided by a supervisor (a layer picked or a mark set) */
  decided: z.number().int(),
});
export type ReconcileListCopy = z.infer<typeof ReconcileListCopy>;

export const ReconcileList = z.object({ settings: ModerationSettings, copies: z.array(ReconcileListCopy) });
export type ReconcileList = z.infer<typeof ReconcileList>;

export const ReconcileQuestion = z.object({
  questionId: z.string(),
  label: z.string(),
  path: z.string(),
  max: z.number(),
  first: z.number().nullable(),
  second: z.number().nullable(),
  /** second − first; null when a layer left the question unmarked */
  difference: z.number().nullable(),
  state: z.enum(["agreed", "pending"]),
  source: ReconcileSource,
  mark: z.number().nullable(),
  comment: z.string().nullable(),
  auto: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: IsoDateTime.nullable(),
  version: z.number().int(),
});
export type ReconcileQuestion = z.infer<typeof ReconcileQuestion>;

export const CopyReconciliation = z.object({
  copyId: Id,
  examId: Id,
  examTitle: z.string(),
  anonymousCode: z.string(),
  status: ActiveMarkingStatus,
  settings: ModerationSettings,
  questions: z.array(ReconcileQuestion),
  pending: z.number().int(),
  /** the agreed total when every question is agreed */
  total: z.number().nullable(),
  max: z.number(),
});
export type CopyReconciliation = z.infer<typeof CopyReconciliation>;

/** What a losing supervisor receives in the details of RECONCILIATION_STALE: the winner's decision. */
export const StaleDetails = z.object({
  current: z.object({
    version: z.number().int(),
    source: ReconcileSource,
    mark: z.number().nullable(),
    comment: z.string().nullable(),
    decidedBy: z.string().nullable(),
  }),
});
export type StaleDetails = z.infer<typeof StaleDetails>;

export const PairAgreement = z.object({
  questionId: z.string(),
  label: z.string(),
  path: z.string(),
  max: z.number(),
  /** sorted: the same pair whichever marked first */
  markers: z.array(Id).length(2),
  markerNames: z.array(z.string()).length(2),
  /** copies both marked */
  copies: z.number().int(),
  meanAbsDiff: z.number(),
  /** mean of markers[0]'s mark − markers[1]'s */
  meanDiff: z.number(),
  /** share of copies whose two marks differ by at most the tolerance */
  withinTolerance: z.number(),
  /** rubric questions only; kappa null when chance agreement is already total */
  items: z.object({ agreement: z.number(), kappa: z.number().nullable() }).nullable(),
});
export type PairAgreement = z.infer<typeof PairAgreement>;

export const AgreementReport = z.object({
  tolerance: z.number(),
  /** double-marked copies counted (second marking DONE, both markers known) */
  copies: z.number().int(),
  pairs: z.array(PairAgreement),
});
export type AgreementReport = z.infer<typeof AgreementReport>;

export const moderationApi = {
  requestSecondMarkings: route({
    method: "POST",
    path: "/api/exams/:examId/second-markings",
    summary: "Ask for blind second markings: a random sample (percent or count) or chosen copies; copies already second-marked are skipped",
    access: MANAGERS,
    params: ExamIdParam,
    body: SecondMarkingRequest,
    status: 201,
    response: SecondMarkingsAsked,
    errors: ["FORBIDDEN", "NOT_FOUND", "COPY_RELEASED"],
  }),
  listSecondMarkings: route({
    method: "GET",
    path: "/api/exams/:examId/second-markings",
    summary: "An exam's second markings: who marked first, who marks second, where each stands",
    access: MANAGERS,
    params: ExamIdParam,
    response: z.object({ markings: z.array(SecondMarkingRow) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  cancelSecondMarking: route({
    method: "DELETE",
    path: "/api/exams/:examId/second-markings/:copyId",
    summary: "Withdraw a copy's second marking (its layer's decisions leave the projection)",
    access: MANAGERS,
    params: ExamCopyParams,
    response: z.object({ copyId: Id, status: z.literal("CANCELLED"), markerId: Id.nullable() }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  mySecondMarkings: route({
    method: "GET",
    path: "/api/second-markings/mine",
    summary: "The signed-in marker's second markings, under way then done",
    access: STAFF,
    response: z.object({ markings: z.array(QueueRow) }),
    errors: ["FORBIDDEN"],
  }),
  layerOverview: route({
    method: "GET",
    path: "/api/copies/:id/layers",
    summary: "A double-marked copy's layers side by side: both marks per question, each layer's comments, the agreed marks",
    access: MANAGERS,
    params: IdParam,
    response: LayerOverview,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  layerDesk: route({
    method: "GET",
    path: "/api/copies/:id/layers/:layer",
    summary: "The second marker's desk: the scan and the scale, nothing of the first marking (supervisors read only)",
    access: STAFF,
    params: LayerParams,
    response: LayerDesk,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  layerHistory: route({
    method: "GET",
    path: "/api/copies/:id/layers/:layer/history",
    summary: "A layer's history: every update with its author, time and what it changed",
    access: STAFF,
    params: LayerParams,
    response: z.object({ entries: z.array(z.object({ seq: z.number().int(), at: IsoDateTime, authorId: Id.nullable(), summary: z.unknown() })) }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  finalizeLayer: route({
    method: "POST",
    path: "/api/copies/:id/layers/:layer/finalize",
    summary: "The second marker finalizes their marking (every question scored); again on a finished one answers alreadyFinalized",
    access: STAFF,
    params: LayerParams,
    response: z.object({ copyId: Id, status: z.literal("DONE"), alreadyFinalized: z.boolean() }),
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE", "UNSCORED_QUESTIONS"],
  }),
  reconciliations: route({
    method: "GET",
    path: "/api/exams/:examId/reconciliations",
    summary: "An exam's double-marked copies with their agreed and pending questions, and its tolerance and rule",
    access: MANAGERS,
    params: ExamIdParam,
    response: ReconcileList,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  saveModerationSettings: route({
    method: "PUT",
    path: "/api/exams/:examId/moderation-settings",
    summary: "Set the exam's tolerance and rule (audited); the automatic agreement runs again",
    access: MANAGERS,
    params: ExamIdParam,
    body: SettingsInput,
    response: ReconcileList,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  agreement: route({
    method: "GET",
    path: "/api/exams/:examId/agreement",
    summary: "Agreement between markers per question over the finished second markings",
    access: MANAGERS,
    params: ExamIdParam,
    response: AgreementReport,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  copyReconciliation: route({
    method: "GET",
    path: "/api/copies/:copyId/reconciliation",
    summary: "One double-marked copy per question: both marks, the difference, the state and the agreed mark",
    access: MANAGERS,
    params: CopyIdParam,
    response: CopyReconciliation,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  decide: route({
    method: "PUT",
    path: "/api/copies/:copyId/reconciliation/:questionId",
    summary: "Decide a question: pick a layer's mark or set one with a comment (audited); a stale version answers the winner's decision",
    access: MANAGERS,
    params: CopyQuestionParams,
    body: DecideInput,
    response: CopyReconciliation,
    errors: ["FORBIDDEN", "NOT_FOUND", "RECONCILIATION_CLOSED", "RECONCILIATION_STALE", "UNPROCESSABLE"],
  }),
};
