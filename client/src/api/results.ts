// The calls of issue #7's API as the client makes them: supervision, release, exports, audit viewer,
// student portal; the shapes are the contract's (collab/contract/api/).
import { auditApi } from "../../../collab/contract/api/audit.ts";
import { exportsApi } from "../../../collab/contract/api/exports.ts";
import { portalApi } from "../../../collab/contract/api/portal.ts";
import { releaseApi, type BlockedCopy } from "../../../collab/contract/api/release.ts";
import { supervisionApi } from "../../../collab/contract/api/supervision.ts";
import { CopyState } from "../../../collab/contract/common.ts";
import { call, urlOf } from "./call.ts";

export type { CopyState } from "../../../collab/contract/common.ts";
export const COPY_STATES: readonly CopyState[] = CopyState.options;

export type {
  DistributionBin,
  DriftAlert,
  DriftGrader,
  DriftQuestion,
  DriftReport,
  ExamOverview,
  ExamStats,
  FailedRender,
  GraderProgress,
  ItemStat,
  LockActivity,
  Pace,
  QuestionItemStats,
  QuestionStat,
  ScoreStats,
  VariantStat,
} from "../../../collab/contract/api/supervision.ts";
export type { BlockedCopy, BlockReason, ReleaseCopy, ReleaseResult } from "../../../collab/contract/api/release.ts";
export type { AuditEvent } from "../../../collab/contract/api/audit.ts";
export type { PortalCopyDetail, PortalCopySummary, ScoreItem, ScoreRow } from "../../../collab/contract/api/portal.ts";

export const supervisedExams = () => call(supervisionApi.supervisedExams).then((r) => r.exams);
export const examStats = (examId: string) => call(supervisionApi.examStats, { params: { examId } });
export const examLocks = (examId: string) => call(supervisionApi.examLocks, { params: { examId } }).then((r) => r.locks);

export const releaseOverview = (examId: string) => call(releaseApi.releaseOverview, { params: { examId } });
export const releaseCopies = (examId: string, copyIds?: string[], overrideReason?: string) =>
  call(releaseApi.releaseCopies, {
    params: { examId },
    body: { ...(copyIds ? { copyIds } : {}), ...(overrideReason ? { override: { reason: overrideReason } } : {}) },
  });

/** The blocked copies of a RELEASE_BLOCKED answer's details, or null for any other answer. */
export function blockedCopies(details: unknown): BlockedCopy[] | null {
  const list = (details as { blocked?: unknown } | null | undefined)?.blocked;
  return Array.isArray(list) ? (list as BlockedCopy[]) : null;
}
export const unreleaseCopies = (examId: string, copyIds?: string[]) =>
  call(releaseApi.unreleaseCopies, { params: { examId }, body: copyIds ? { copyIds } : {} });

export const exportUrls = (examId: string) => ({
  marks: urlOf(exportsApi.marksCsv, { examId }),
  pronote: urlOf(exportsApi.pronoteCsv, { examId }),
  items: urlOf(exportsApi.itemsCsv, { examId }),
  pdfs: urlOf(exportsApi.copiesZip, { examId }),
});

/** The audit viewer's filters as typed in its form (empty: no filter). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  copy?: string;
  from?: string;
  to?: string;
}

/** the filters that are set */
const setFilters = (filters: AuditFilters): AuditFilters => Object.fromEntries(Object.entries(filters).filter(([, v]) => !!v));

export const auditEvents = (filters: AuditFilters, before?: string) =>
  call(auditApi.auditEvents, { query: { ...setFilters(filters), limit: 50, ...(before ? { before } : {}) } });
export const auditExportUrl = (filters: AuditFilters) => urlOf(auditApi.auditExport, {}, { ...setFilters(filters) });

export const portalCopies = () => call(portalApi.portalCopies).then((r) => r.copies);
export const portalCopy = (copyId: string) => call(portalApi.portalCopy, { params: { id: copyId } }).then((r) => r.copy);
