import { z } from "zod";

export const LoginInput = z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

export const ChangePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});
