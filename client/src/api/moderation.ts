// Moderation (#16; docs/moderation.md): blind second marking and its layers, reconciliation of
// double-marked copies and agreement statistics — the shapes the server answers.
import { del, get, post, put } from "./http.ts";

export type ModerationRule = "FIRST" | "MEAN" | "HIGHER";
export type ReconcileSource = "RULE" | "FIRST" | "SECOND" | "MANUAL" | "PENDING";

export interface ModerationSettings {
  tolerance: number;
  rule: ModerationRule;
}

export interface ReconcileListCopy {
  copyId: string;
  anonymousCode: string;
  status: "WAITING" | "GRADING" | "DONE";
  questions: number;
  agreed: number;
  pending: number;
  decided: number;
}

export interface ReconcileList {
  settings: ModerationSettings;
  copies: ReconcileListCopy[];
}

export interface ReconcileQuestion {
  questionId: string;
  label: string;
  path: string;
  max: number;
  first: number | null;
  second: number | null;
  difference: number | null;
  state: "agreed" | "pending";
  source: ReconcileSource;
  mark: number | null;
  comment: string | null;
  auto: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
  version: number;
}

export interface CopyReconciliation {
  copyId: string;
  examId: string;
  examTitle: string;
  anonymousCode: string;
  status: "WAITING" | "GRADING" | "DONE";
  settings: ModerationSettings;
  questions: ReconcileQuestion[];
  pending: number;
  total: number | null;
  max: number;
}

export interface PairAgreement {
  questionId: string;
  label: string;
  path: string;
  max: number;
  markers: [string, string];
  markerNames: [string, string];
  copies: number;
  meanAbsDiff: number;
  meanDiff: number;
  withinTolerance: number;
  items: { agreement: number; kappa: number | null } | null;
}

export interface AgreementReport {
  tolerance: number;
  copies: number;
  pairs: PairAgreement[];
}

/** What a losing supervisor receives with RECONCILIATION_STALE: the winner's decision. */
export interface StaleDetails {
  current: { version: number; source: ReconcileSource; mark: number | null; comment: string | null; decidedBy: string | null };
}

export type Decision = { expectedVersion: number; source: "FIRST" | "SECOND" } | { expectedVersion: number; mark: number; comment: string };

export const reconciliations = (examId: string) => get<ReconcileList>(`/api/exams/${encodeURIComponent(examId)}/reconciliations`);
export const agreement = (examId: string) => get<AgreementReport>(`/api/exams/${encodeURIComponent(examId)}/agreement`);
export const saveModerationSettings = (examId: string, settings: ModerationSettings) =>
  put<ReconcileList>(`/api/exams/${encodeURIComponent(examId)}/moderation-settings`, settings);
export const copyReconciliation = (copyId: string) => get<CopyReconciliation>(`/api/copies/${encodeURIComponent(copyId)}/reconciliation`);
export const decide = (copyId: string, questionId: string, decision: Decision) =>
  put<CopyReconciliation>(`/api/copies/${encodeURIComponent(copyId)}/reconciliation/${encodeURIComponent(questionId)}`, decision);

export type MarkingStatus = "WAITING" | "GRADING" | "DONE" | "CANCELLED";

export interface SecondMarkingRow {
  copyId: string;
  anonymousCode: string;
  status: MarkingStatus;
  firstMarker: { id: string; displayName: string } | null;
  marker: { id: string; displayName: string } | null;
  requestedAt: string;
  finalizedAt: string | null;
}

export interface QueueRow {
  copyId: string;
  anonymousCode: string;
  examId: string;
  examTitle: string;
  status: MarkingStatus;
  requestedAt: string;
}

export interface LayerQuestion {
  questionId: string;
  path: string;
  max: number;
  first: number | null;
  second: number | null;
  /** each layer's comment on the question */
  comments: { first: string | null; second: string | null };
  agreed: { source: "FIRST" | "SECOND" | "MANUAL" | "RULE"; mark: number } | null;
}

export interface LayerOverview {
  copy: { id: string; examId: string; anonymousCode: string; state: string };
  marking: SecondMarkingRow | null;
  questions: LayerQuestion[];
  firstTotal: number;
  secondTotal: number;
  max: number;
  /** annotations drawn in each layer */
  annotations: { first: number; second: number };
  /** each layer's general comment */
  general: { first: string; second: string };
}

export type SampleRequest =
  | { mode: "percent"; percent: number; reopen?: boolean }
  | { mode: "count"; count: number; reopen?: boolean }
  | { mode: "copies"; copyIds: string[]; reopen?: boolean };

export const askSecondMarking = (examId: string, req: SampleRequest) =>
  post<{ created: Array<{ copyId: string }>; skipped: Array<{ copyId: string }>; reopened: string[] }>(`/api/exams/${examId}/second-markings`, req);
export const secondMarkings = (examId: string) => get<{ markings: SecondMarkingRow[] }>(`/api/exams/${examId}/second-markings`);
export const withdrawSecondMarking = (examId: string, copyId: string) => del<{ status: "CANCELLED" }>(`/api/exams/${examId}/second-markings/${copyId}`);
export const mySecondMarkings = () => get<{ markings: QueueRow[] }>("/api/second-markings/mine");
/** The exam's copies (code → id), to ask for chosen copies by their codes. */
export const examCopyCodes = (examId: string) => get<{ copies: Array<{ id: string; anonymousCode: string }> }>(`/api/exams/${examId}/copies`);
export const layerOverview = (copyId: string) => get<LayerOverview>(`/api/copies/${copyId}/layers`);
