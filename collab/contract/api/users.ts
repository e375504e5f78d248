// Accounts, for admins: list, create, reset a password, switch to single sign-on only, (de)activate.
import { z } from "zod";
import { IdParam, Locale, Role, User } from "../common.ts";
import { route } from "./route.ts";

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
  role: Role,
  locale: Locale.optional(),
  /** no password: the user signs in through the school's identity provider only */
  ssoOnly: z.boolean().optional(),
});
export type CreateUserInput = z.output<typeof CreateUserInput>;

const UserAnswer = z.object({ user: User });
const ADMIN = ["ADMIN"] as const;

export const usersApi = {
  listUsers: route({
    method: "GET",
    path: "/api/users",
    summary: "Every account, by role then username",
    access: ADMIN,
    response: z.object({ users: z.array(User) }),
    errors: ["FORBIDDEN"],
  }),
  createUser: route({
    method: "POST",
    path: "/api/users",
    summary: "Create an account; its first password is shown once (none for a single sign-on account)",
    access: ADMIN,
    body: CreateUserInput,
    status: 201,
    response: z.object({ user: User, initialPassword: z.string().nullable() }),
    errors: ["FORBIDDEN", "USERNAME_TAKEN", "EMAIL_TAKEN"],
  }),
  resetPassword: route({
    method: "POST",
    path: "/api/users/:id/reset-password",
    summary: "A new password to hand over; the user must change it at next sign-in and every session ends",
    access: ADMIN,
    params: IdParam,
    response: z.object({ password: z.string() }),
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
  makeSsoOnly: route({
    method: "POST",
    path: "/api/users/:id/sso-only",
    summary: "The account signs in through the school's identity provider only (its password is removed)",
    access: ADMIN,
    params: IdParam,
    response: UserAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  deactivateUser: route({
    method: "POST",
    path: "/api/users/:id/deactivate",
    summary: "Close the account: its sessions and sockets end at once",
    access: ADMIN,
    params: IdParam,
    response: UserAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  }),
  activateUser: route({
    method: "POST",
    path: "/api/users/:id/activate",
    summary: "Open a closed account again",
    access: ADMIN,
    params: IdParam,
    response: UserAnswer,
    errors: ["FORBIDDEN", "NOT_FOUND"],
  }),
};
