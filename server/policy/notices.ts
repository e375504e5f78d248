// Notices: a user reads and marks only their own; each optional notice is offered to the roles it
// concerns (a released copy to students, the end-of-day summary to those who supervise grading).
import type { NoticeKind } from "../db/client.ts";
import { isRole, type Actor } from "./actor.ts";

export const noticeRules = {
  "notice.list": (a: Actor | null) => !!a && a.active,
  "notice.read": (a: Actor | null, n: { readonly userId: string }) => !!a && a.active && a.id === n.userId,
  "notice.choose": (a: Actor | null, k: { readonly kind: NoticeKind }) =>
    k.kind === "COPY_RELEASED" ? isRole(a, "STUDENT") : k.kind === "SUPERVISOR_SUMMARY" ? isRole(a, "ADMIN", "SUPERVISOR") : false,
} as const;
