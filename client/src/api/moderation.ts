// Reconciliation of double-marked copies and agreement statistics (#16; docs/moderation.md).
import { get, put } from './http.ts';

export type ModerationRule = 'FIRST' | 'MEAN' | 'HIGHER';
export type ReconcileSource = 'RULE' | 'FIRST' | 'SECOND' | 'MANUAL' | 'PENDING';

export interface ModerationSettings {
  tolerance: number;
  rule: ModerationRule;
}

export interface ReconcileListCopy {
  copyId: string;
  anonymousCode: string;
  status: 'WAITING' | 'GRADING' | 'DONE';
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
  state: 'agreed' | 'pending';
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
  status: 'WAITING' | 'GRADING' | 'DONE';
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

export type Decision = { expectedVersion: number; source: 'FIRST' | 'SECOND' } | { expectedVersion: number; mark: number; comment: string };

export const reconciliations = (examId: string) => get<ReconcileList>(`/api/exams/${encodeURIComponent(examId)}/reconciliations`);
export const agreement = (examId: string) => get<AgreementReport>(`/api/exams/${encodeURIComponent(examId)}/agreement`);
export const saveModerationSettings = (examId: string, settings: ModerationSettings) => put<ReconcileList>(`/api/exams/${encodeURIComponent(examId)}/moderation-settings`, settings);
export const copyReconciliation = (copyId: string) => get<CopyReconciliation>(`/api/copies/${encodeURIComponent(copyId)}/reconciliation`);
export const decide = (copyId: string, questionId: string, decision: Decision) =>
  put<CopyReconciliation>(`/api/copies/${encodeURIComponent(copyId)}/reconciliation/${encodeURIComponent(questionId)}`, decision);
