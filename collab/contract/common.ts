// Shapes used across the contract: roles, ids, dates as they travel, the public user.
import { z } from "zod";

export const ROLES = ["ADMIN", "SUPERVISOR", "GRADER", "STUDENT"] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** staff: everyone but students */
export const STAFF = ["ADMIN", "SUPERVISOR", "GRADER"] as const satisfies readonly Role[];
export const MANAGERS = ["ADMIN", "SUPERVISOR"] as const satisfies readonly Role[];

export const Id = z.uuid();
/** a date as JSON carries it (Date.toJSON): ISO 8601 in UTC */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** `{ id }` of the path */
export const IdParam = z.strictObject({ id: Id });

export const Locale = z.enum(["fr", "en"]);

/** What the API says about a user: never the hash. */
export const User = z.object({
  id: Id,
  username: z.string(),
  email: z.string().nullable(),
  displayName: z.string(),
  role: Role,
  mustChangePassword: z.boolean(),
  active: z.boolean(),
  locale: z.string(),
  /** signs in through the school's identity provider only (no password) */
  ssoOnly: z.boolean(),
});
export type User = z.infer<typeof User>;

export const SessionPayload = z.object({ user: User, csrfToken: z.string() });
export type SessionPayload = z.infer<typeof SessionPayload>;

export const Ok = z.object({ ok: z.literal(true) });

// The enums of the data model as the API carries them (prisma/schema.prisma). The server's Prisma
// enums are the same strings: a change on one side fails the type check of the other.
export const CopyState = z.enum(["STAGING", "READY", "FINALIZING", "GRADED", "RENDER_FAILED"]);
export type CopyState = z.infer<typeof CopyState>;
export const ExamStatus = z.enum(["DRAFT", "ACTIVE", "ARCHIVED"]);
export type ExamStatus = z.infer<typeof ExamStatus>;
export const ScaleNodeKind = z.enum(["EXERCISE", "QUESTION", "SUBQUESTION"]);
export const ExamDocumentKind = z.enum(["SUBJECT", "ANSWER_KEY", "OTHER"]);
export const ScanMode = z.enum(["PER_COPY", "SPLIT_EVERY_N", "A3_BOOKLET", "QR_BOOKLETS"]);
export const BookletKind = z.enum(["COPY", "EXTRA"]);
export const BatchStatus = z.enum(["UPLOADED", "PROCESSING", "DONE", "FAILED"]);
export const NoticeKind = z.enum(["COPY_RELEASED", "REGRADE_ANSWERED", "SUPERVISOR_SUMMARY", "PASSWORD_RESET"]);
export const EmailStatus = z.enum(["QUEUED", "SENDING", "SENT", "SKIPPED", "FAILED"]);
export const PageHalf = z.enum(["FULL", "LEFT", "RIGHT"]);
export const ModerationRule = z.enum(["FIRST", "MEAN", "HIGHER"]);
export const SecondMarkingStatus = z.enum(["WAITING", "GRADING", "DONE", "CANCELLED"]);
export const RegradeStatus = z.enum(["OPEN", "REFUSED", "ACCEPTED", "RESOLVED", "WITHDRAWN"]);
