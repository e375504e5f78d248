import { get, post } from "./http.ts";
import type { Role, User } from "./types.ts";

export interface NewUser {
  username: string;
  email?: string;
  displayName: string;
  role: Role;
  ssoOnly?: boolean;
}

export const listUsers = () => get<{ users: User[] }>("/api/users");

export const createUser = (input: NewUser) => post<{ user: User; initialPassword: string | null }>("/api/users", input);

const userAction = (id: string, action: string) => `/api/users/${encodeURIComponent(id)}/${action}`;

export const resetPassword = (id: string) => post<{ password: string }>(userAction(id, "reset-password"));

export const deactivateUser = (id: string) => post<{ user: User }>(userAction(id, "deactivate"));

export const activateUser = (id: string) => post<{ user: User }>(userAction(id, "activate"));

export const makeSsoOnly = (id: string) => post<{ user: User }>(userAction(id, "sso-only"));
