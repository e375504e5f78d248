// Shapes and calls of issue #7's API as the client sees them: supervision, release, exports,
// audit viewer, student portal (the client never imports server code).
import { get, post } from "./http.ts";

export type CopyState = "STAGING" | "READY" | "FINALIZING" | "GRADED" | "RENDER_FAILED";
export const COPY_STATES: readonly CopyState[] = ["STAGING", "READY", "FINALIZING", "GRADED", "RENDER_FAILED"];

export interface ExamOverview {
  id: string;
  title: string;
  subject: string | null;
  examDate: string | null;
  status: string;
  copies: number;
  graded: number;
  released: number;
}

export interface Pace {
  finalized: number;
  perHour: number | null;
  lastFinalizedAt: string | null;
  remaining: number;
  etaAt: string | null;
}

export interface GraderProgress extends Pace {
  id: string;
  displayName: string;
  assigned: number;
  done: number;
}

export interface LockActivity {
  copyId: string;
  anonymousCode: string;
  holder: { id: string; displayName: string };
  acquiredAt: string;
  expiresAt: string;
  lastEditAt: string | null;
  idleSince: string;
  idle: boolean;
}

export interface DistributionBin {
  from: number;
  to: number;
  count: number;
}

export interface QuestionStat {
  id: string;
  label: string;
  path: string;
  maxPoints: number;
  count: number;
  average: number | null;
  successRate: number | null;
}

export interface VariantStat {
  variant: string | null;
  maxPoints: number;
  count: number;
  mean: number | null;
}

export interface ScoreStats {
  count: number;
  /** the scale of the figures: the copies' common maximum, or 20 when variants' maxima differ */
  maxPoints: number;
  /** variants with different maxima: totals brought to maxPoints */
  normalized?: boolean;
  /** per variant present, in its own points */
  variants?: VariantStat[];
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
  stdDev: number | null;
  distribution: DistributionBin[];
  questions: QuestionStat[];
}

export interface FailedRender {
  copyId: string;
  anonymousCode: string;
  error: string | null;
  attempts: number;
  since: string;
}

export interface ExamStats {
  exam: { id: string; title: string; subject: string | null; examDate: string | null; status: string };
  generatedAt: string;
  copies: { total: number; byState: Record<CopyState, number>; released: number; identified: number };
  /** RENDER_FAILED copies (at most 50), with the last attempt's error */
  failedRenders: FailedRender[];
  pace: Pace;
  graders: GraderProgress[];
  locks: LockActivity[];
  scores: ScoreStats;
  /** per question graded with rubric items: share of the graded copies that got each item */
  items: QuestionItemStats[];
  /** graders whose marks on a question drift from the others' (docs/moderation.md) */
  drift: DriftReport;
}

export interface DriftGrader {
  graderId: string;
  displayName: string;
  copies: number;
  othersCopies: number;
  mean: number;
  othersMean: number;
  /** mean − othersMean, in points (negative: harsher) */
  gap: number;
  /** the interval of the gap (points) that the alert test uses */
  low: number;
  high: number;
  flagged: boolean;
  threshold: number;
}

export interface DriftQuestion {
  id: string;
  label: string;
  path: string;
  maxPoints: number;
  graders: DriftGrader[];
}

export interface DriftAlert extends DriftGrader {
  questionId: string;
  questionPath: string;
  maxPoints: number;
  copyList: { id: string; anonymousCode: string; score: number }[];
}

export interface DriftReport {
  alpha: number;
  minCopies: number;
  minShare: number;
  questions: DriftQuestion[];
  alerts: DriftAlert[];
}

export interface ItemStat {
  id: string;
  label: string;
  points: number;
  count: number;
  /** 0..1 of the copies graded on the question */
  share: number | null;
}

export interface QuestionItemStats {
  questionId: string;
  label: string;
  path: string;
  graded: number;
  items: ItemStat[];
}

export const supervisedExams = () => get<{ exams: ExamOverview[] }>("/api/supervision/exams").then((r) => r.exams);
export const examStats = (examId: string) => get<ExamStats>(`/api/supervision/exams/${encodeURIComponent(examId)}/stats`);
export const examLocks = (examId: string) => get<{ locks: LockActivity[] }>(`/api/supervision/exams/${encodeURIComponent(examId)}/locks`).then((r) => r.locks);

export interface ReleaseCopy {
  id: string;
  anonymousCode: string;
  state: CopyState;
  releasedAt: string | null;
  student: { lastName: string; firstName: string; className: string | null } | null;
  total: number | null;
  maxPoints: number;
  /** why the last render failed (RENDER_FAILED copies only) */
  renderError: string | null;
  /** the last released version, null: never released */
  releasedVersion?: { number: number; total: number; releasedAt: string } | null;
  /** graded, and its document or total differs from the last released version */
  changedSinceRelease?: boolean;
}

export interface ReleaseResult {
  examId: string;
  changed: string[];
  unchanged: string[];
  /** copy id → the released version the student now sees (new versions only) */
  versions?: Record<string, number>;
  /** graded copies whose PDF is being re-rendered for their current marks: release them again once done */
  awaitingRender?: string[];
}

const releaseBase = (examId: string) => `/api/release/exams/${encodeURIComponent(examId)}`;
export const releaseOverview = (examId: string) => get<{ exam: { id: string; title: string }; copies: ReleaseCopy[] }>(releaseBase(examId));
export const releaseCopies = (examId: string, copyIds?: string[], overrideReason?: string) =>
  post<ReleaseResult>(`${releaseBase(examId)}/release`, {
    ...(copyIds ? { copyIds } : {}),
    ...(overrideReason ? { override: { reason: overrideReason } } : {}),
  });

/** Why release refuses a copy (409 RELEASE_BLOCKED, scan-integrity gate). */
export type BlockReason = "UNIDENTIFIED" | "STAGING" | "PAGES_MISSING" | "RECONCILIATION_PENDING";
export interface BlockedCopy {
  copyId: string;
  anonymousCode: string;
  reasons: BlockReason[];
  pages: number;
  expectedPages: number | null;
  /** a QR booklet's printed pages that were not scanned */
  missingPages?: number[];
}
/** The blocked copies of a RELEASE_BLOCKED answer's details, or null for any other answer. */
export function blockedCopies(details: unknown): BlockedCopy[] | null {
  const list = (details as { blocked?: unknown } | null | undefined)?.blocked;
  return Array.isArray(list) ? (list as BlockedCopy[]) : null;
}
export const unreleaseCopies = (examId: string, copyIds?: string[]) => post<ReleaseResult>(`${releaseBase(examId)}/unrelease`, copyIds ? { copyIds } : {});

export const exportUrls = (examId: string) => {
  const base = `/api/exports/exams/${encodeURIComponent(examId)}`;
  return { marks: `${base}/marks.csv`, pronote: `${base}/pronote.csv`, items: `${base}/items.csv`, pdfs: `${base}/copies.zip` };
};

export interface AuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

export interface AuditFilters {
  actor?: string;
  action?: string;
  copy?: string;
  from?: string;
  to?: string;
}

export function auditQuery(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : "";
}
export const auditEvents = (filters: AuditFilters, before?: string) =>
  get<{ events: AuditEvent[]; names?: Record<string, string> }>(`/api/audit${auditQuery(filters, { limit: "50", ...(before ? { before } : {}) })}`).then(
    (r) => ({ events: r.events, names: r.names ?? {} }),
  );
export const auditExportUrl = (filters: AuditFilters) => `/api/audit/export.csv${auditQuery(filters)}`;

export interface PortalCopySummary {
  id: string;
  exam: { id: string; title: string; subject: string | null; examDate: string | null };
  anonymousCode: string;
  /** when the version shown was released */
  releasedAt: string;
  /** the released version shown (1, 2, …); null for a copy released before versions existed */
  version: number | null;
  total: number;
  maxPoints: number;
}

export interface ScoreItem {
  label: string;
  points: number;
  /** shown to the student under the item */
  feedback: string | null;
}

export interface ScoreRow {
  depth: number;
  label: string;
  group: boolean;
  points: number | null;
  max: number | null;
  comment?: string;
  /** rubric items applied to the question, in the rubric's order */
  items?: ScoreItem[];
  adjustment?: { points: number; comment: string };
}

export interface PortalCopyDetail extends PortalCopySummary {
  rows: ScoreRow[];
  general: string;
  pdf: { url: string; downloadUrl: string; sizeBytes: number } | null;
}

export const portalCopies = () => get<{ copies: PortalCopySummary[] }>("/api/portal/copies").then((r) => r.copies);
export const portalCopy = (copyId: string) => get<{ copy: PortalCopyDetail }>(`/api/portal/copies/${encodeURIComponent(copyId)}`).then((r) => r.copy);
