import { get, post, put } from "./http.ts";

export type NoticeKind = "COPY_RELEASED" | "REGRADE_ANSWERED" | "SUPERVISOR_SUMMARY" | "PASSWORD_RESET";
export type OptionalNoticeKind = "COPY_RELEASED" | "SUPERVISOR_SUMMARY";
export type EmailStatus = "QUEUED" | "SENDING" | "SENT" | "SKIPPED" | "FAILED";

export interface Notice {
  id: string;
  kind: NoticeKind;
  /** what the message needs; see server/notices/notice-kinds.ts */
  params: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
  emailStatus: EmailStatus;
  emailSentAt: string | null;
}

export interface NoticePreferences {
  locale: "fr" | "en";
  email: Partial<Record<OptionalNoticeKind, boolean>>;
  mailEnabled: boolean;
}

export const listNotices = () => get<{ notices: Notice[]; unread: number; mailEnabled: boolean }>("/api/notices");
export const unreadNotices = () => get<{ unread: number }>("/api/notices/unread");
export const markNoticeRead = (id: string) => post<void>(`/api/notices/${encodeURIComponent(id)}/read`);
export const markAllNoticesRead = () => post<{ updated: number }>("/api/notices/read-all");
export const noticePreferences = () => get<NoticePreferences>("/api/notices/preferences");
export const saveNoticePreferences = (input: { locale?: "fr" | "en"; email?: Partial<Record<OptionalNoticeKind, boolean>> }) =>
  put<NoticePreferences>("/api/notices/preferences", input);

export const unsubscribe = (query: { u: string; k: string; t: string }) =>
  post<{ kind: OptionalNoticeKind }>(`/api/notices/unsubscribe?${new URLSearchParams(query).toString()}`);
