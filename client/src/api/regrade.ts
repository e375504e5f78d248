// Regrade requests (#17) as the client sees them: the student's requests on a copy, the staff
// queue, answers, an exam's settings (the client never imports server code).
import { get, post, put } from "./http.ts";

export type RegradeStatus = "OPEN" | "REFUSED" | "ACCEPTED" | "RESOLVED" | "WITHDRAWN";
export const REGRADE_MESSAGE_MAX = 2000;

export interface RegradeRequest {
  id: string;
  copyId: string;
  questionId: string;
  questionLabel: string;
  message: string;
  status: RegradeStatus;
  answer: string | null;
  answeredAt: string | null;
  fromVersion: number;
  resolvedVersion: number | null;
  createdAt: string;
}

export interface RegradeStaffRequest extends RegradeRequest {
  examId: string;
  examTitle: string;
  anonymousCode: string;
  copyState: string;
  answeredBy: string | null;
}

export interface RegradeWindow {
  open: boolean;
  closesAt: string | null;
  max: number;
  remaining: number;
}

/** One question of a released copy, as the portal's copy carries it (`marks`). */
export interface RegradeQuestion {
  questionId: string;
  label: string;
  path: string;
}

export interface RegradeSettings {
  windowDays: number | null;
  maxPerStudent: number;
}

/** `regrade:changed` on the /grading socket (docs/protocol.md) */
export interface RegradeChanged {
  examId: string;
  copyId: string;
  requestId: string;
  questionId: string;
  status: RegradeStatus;
}

const portalBase = (copyId: string) => `/api/portal/copies/${encodeURIComponent(copyId)}/regrade-requests`;

export const myRegradeRequests = (copyId: string) => get<{ requests: RegradeRequest[]; window: RegradeWindow }>(portalBase(copyId));

export const askRegrade = async (copyId: string, questionId: string, message: string) =>
  (await post<{ request: RegradeRequest }>(portalBase(copyId), { questionId, message })).request;

export const withdrawRegrade = async (requestId: string) =>
  (await post<{ request: RegradeRequest }>(`/api/portal/regrade-requests/${encodeURIComponent(requestId)}/withdraw`)).request;

export const regradeQueue = async (examId: string | null) =>
  (await get<{ requests: RegradeStaffRequest[] }>(examId ? `/api/regrade/exams/${encodeURIComponent(examId)}/requests` : "/api/regrade/requests")).requests;

export type RegradeAnswer = { decision: "refuse"; reason: string } | { decision: "accept"; note?: string };

export const answerRegrade = async (requestId: string, answer: RegradeAnswer) =>
  (await post<{ request: RegradeStaffRequest }>(`/api/regrade/requests/${encodeURIComponent(requestId)}/answer`, answer)).request;

export const regradeSettings = async (examId: string) =>
  (await get<{ settings: RegradeSettings }>(`/api/regrade/exams/${encodeURIComponent(examId)}/settings`)).settings;

export const saveRegradeSettings = async (examId: string, settings: RegradeSettings) =>
  (await put<{ settings: RegradeSettings }>(`/api/regrade/exams/${encodeURIComponent(examId)}/settings`, settings)).settings;

export const regradeExportUrl = (examId: string) => `/api/exports/exams/${encodeURIComponent(examId)}/regrades.csv`;
