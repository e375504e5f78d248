import { z } from "zod";
import { OPTIONAL_NOTICE_KINDS } from "./notice-kinds.ts";

export const NoticeIdParam = z.strictObject({ id: z.uuid() });

export const PreferencesInput = z.strictObject({
  locale: z.enum(["fr", "en"]).optional(),
  email: z.partialRecord(z.enum(OPTIONAL_NOTICE_KINDS as [string, ...string[]]), z.boolean()).optional(),
});
export type PreferencesInput = z.infer<typeof PreferencesInput>;

export const UnsubscribeQuery = z.object({
  u: z.uuid(),
  k: z.enum(OPTIONAL_NOTICE_KINDS as [string, ...string[]]),
  t: z.string().min(20).max(100),
});
