// Notices: the signed-in user's list and choices, unsubscribing from an e-mail's link — the routes
// and shapes of the contract.
import type { z } from "zod";
import { noticesApi as api, type PreferencesInput } from "../../../collab/contract/api/notices.ts";
import type { EmailStatus as Email, NoticeKind as Kind } from "../../../collab/contract/common.ts";
import { call } from "./call.ts";

export type { Notice, NoticePreferences, OptionalNoticeKind } from "../../../collab/contract/api/notices.ts";
export type NoticeKind = z.infer<typeof Kind>;
export type EmailStatus = z.infer<typeof Email>;

export const listNotices = () => call(api.listNotices);
export const unreadNotices = () => call(api.unreadNotices);
export const markNoticeRead = (id: string) => call(api.markNoticeRead, { params: { id } });
export const markAllNoticesRead = () => call(api.markAllNoticesRead);
export const noticePreferences = () => call(api.noticePreferences);
export const saveNoticePreferences = (input: PreferencesInput) => call(api.saveNoticePreferences, { body: input });

export const unsubscribe = (query: z.input<typeof api.unsubscribe.query>) => call(api.unsubscribe, { query });
