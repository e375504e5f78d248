import { z } from "zod";

export const ResetRequestInput = z.strictObject({ email: z.email().trim().toLowerCase().max(254) });

// "<reset id>.<base64url HMAC>" as the e-mail's link carries it
export const ResetToken = z.string().regex(/^[0-9a-f-]{36}\.[\w-]{43}$/, "not a password-reset link");

export const ResetCheckInput = z.strictObject({ token: z.string().max(200) });

export const ResetCompleteInput = z.strictObject({
  token: z.string().max(200),
  newPassword: z.string().min(1).max(1024),
});
