import { get, post } from './http.ts';
import type { SessionPayload } from './types.ts';

export const fetchMe = () => get<SessionPayload>('/api/me');

export const signIn = (username: string, password: string) =>
  post<SessionPayload>('/api/auth/login', { username, password });

export const signOut = () => post<void>('/api/auth/logout');

export const changePassword = (currentPassword: string, newPassword: string) =>
  post<SessionPayload>('/api/auth/password', { currentPassword, newPassword });
