import { z } from "zod";

// "<reset id>.<base64url HMAC>" as the e-mail's link carries it
export const ResetToken = z.string().regex(/^[0-9a-f-]{36}\.[\w-]{43}$/, "not a password-reset link");
