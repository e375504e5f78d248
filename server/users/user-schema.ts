import { z } from "zod";

export const UserIdParam = z.strictObject({ id: z.uuid() });

export const CreateUserInput = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(120)
    .regex(/^[a-z0-9._@-]+$/, "letters, digits and . _ @ - only"),
  email: z.email().trim().toLowerCase().max(254).optional(),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(["ADMIN", "SUPERVISOR", "GRADER", "STUDENT"]),
  locale: z.enum(["fr", "en"]).optional(),
  /** no password: the user signs in through the school's identity provider only */
  ssoOnly: z.boolean().optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;
