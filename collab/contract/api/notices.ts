// Notices: the signed-in user's in-app notices and their e-mail choices; unsubscribing from the
// link of an e-mail (no session needed: the link is signed).
import { z } from "zod";
import { EmailStatus, Id, IdParam, IsoDateTime, Locale, NoticeKind } from "../common.ts";
import { route } from "./route.ts";

/** the notices a user may turn off (server/notices/notice-kinds.ts: OPTIONAL_NOTICES) */
export const OptionalNoticeKind = z.enum(["COPY_RELEASED", "SUPERVISOR_SUMMARY"]);
export type OptionalNoticeKind = z.infer<typeof OptionalNoticeKind>;

export const PreferencesInput = z.strictObject({
  locale: Locale.optional(),
  email: z.partialRecord(OptionalNoticeKind, z.boolean()).optional(),
});
export type PreferencesInput = z.infer<typeof PreferencesInput>;

/** the signed link of an e-mail: user, kind, HMAC */
export const UnsubscribeQuery = z.object({
  u: Id,
  k: OptionalNoticeKind,
  t: z.string().min(20).max(100),
});

export const Notice = z.object({
  id: Id,
  kind: NoticeKind,
  /** what the message needs, per kind (server/notices/notice-kinds.ts: NOTICE_PARAMS) */
  params: z.record(z.string(), z.unknown()),
  createdAt: IsoDateTime,
  readAt: IsoDateTime.nullable(),
  emailStatus: EmailStatus,
  emailSentAt: IsoDateTime.nullable(),
});
export type Notice = z.infer<typeof Notice>;

export const NoticePreferences = z.object({
  locale: Locale,
  /** only the optional notices this user's role receives */
  email: z.partialRecord(OptionalNoticeKind, z.boolean()),
  /** whether e-mails go out at all (SMTP configured) */
  mailEnabled: z.boolean(),
});
export type NoticePreferences = z.infer<typeof NoticePreferences>;

export const noticesApi = {
  listNotices: route({
    method: "GET",
    path: "/api/notices",
    summary: "The signed-in user's latest notices (at most 100), how many are unread, whether e-mails go out",
    access: "signed-in",
    response: z.object({ notices: z.array(Notice), unread: z.number().int(), mailEnabled: z.boolean() }),
    errors: [],
  }),
  unreadNotices: route({
    method: "GET",
    path: "/api/notices/unread",
    summary: "How many of the signed-in user's notices are unread",
    access: "signed-in",
    response: z.object({ unread: z.number().int() }),
    errors: [],
  }),
  markAllNoticesRead: route({
    method: "POST",
    path: "/api/notices/read-all",
    summary: "Mark every notice of the signed-in user read",
    access: "signed-in",
    response: z.object({ updated: z.number().int() }),
    errors: [],
  }),
  markNoticeRead: route({
    method: "POST",
    path: "/api/notices/:id/read",
    summary: "Mark one of one's notices read (another user's answers like a missing one)",
    access: "signed-in",
    params: IdParam,
    status: 204,
    response: { empty: true },
    errors: ["NOT_FOUND"],
  }),
  noticePreferences: route({
    method: "GET",
    path: "/api/notices/preferences",
    summary: "The signed-in user's e-mail language and choices for the optional notices of their role",
    access: "signed-in",
    response: NoticePreferences,
    errors: [],
  }),
  saveNoticePreferences: route({
    method: "PUT",
    path: "/api/notices/preferences",
    summary: "Set one's e-mail language and choices; a notice one's role does not receive is refused",
    access: "signed-in",
    body: PreferencesInput,
    response: NoticePreferences,
    errors: ["FORBIDDEN"],
  }),
  unsubscribe: route({
    method: "POST",
    path: "/api/notices/unsubscribe",
    summary: "Turn off one optional notice from an e-mail's signed link (the unsubscribe page, RFC 8058 one-click); no session needed",
    access: "public",
    query: UnsubscribeQuery,
    response: z.object({ kind: OptionalNoticeKind }),
    errors: ["LINK_INVALID"],
  }),
};
