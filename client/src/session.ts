import { setCsrfToken } from "./api/http.ts";
import type { SessionPayload, User } from "./api/types.ts";
import { readInlineSession } from "./inline-session.ts";

// The signed-in user, shared by the shell and the views.

export type SessionStatus = "unknown" | "signedIn" | "signedOut";
/** Why the user landed on the sign-in page, shown once there. */
export type SignInNotice = "signedOut" | "expired";

interface SessionState {
  status: SessionStatus;
  user: User | null;
  notice: SignInNotice | null;
}

let state: SessionState = { status: "unknown", user: null, notice: null };
const listeners = new Set<() => void>();

export const session = (): Readonly<SessionState> => state;

/**
 * The signed-in user the server put in the page (a desk's first navigation: server/desk/
 * desk-document-middleware.ts), as GET /api/me gives it; read once, so a later check asks the server.
 */
export function takeInlineSession(): SessionPayload | null {
  return readInlineSession(true);
}

export function signedIn(payload: SessionPayload): void {
  setCsrfToken(payload.csrfToken);
  update({ status: "signedIn", user: payload.user, notice: null });
}

/**
 * The password just typed at sign-in, kept in memory only when the server asks for a new one: the
 * forced change then needs not ask for it a second time. Read once; gone at sign-out or reload.
 */
let justTyped: string | null = null;

export function signedInWithPassword(payload: SessionPayload, password: string): void {
  justTyped = payload.user.mustChangePassword ? password : null;
  signedIn(payload);
}

export function takeJustTypedPassword(): string | null {
  const p = justTyped;
  justTyped = null;
  return p;
}

export function signedOut(notice: SignInNotice | null = null): void {
  justTyped = null;
  setCsrfToken(null);
  update({ status: "signedOut", user: null, notice });
}

/** The server said so (403 PASSWORD_CHANGE_REQUIRED): mirror it so the guard routes there. */
export function passwordChangeRequired(): void {
  if (state.user) update({ ...state, user: { ...state.user, mustChangePassword: true } });
}

/** Reads and forgets the sign-in notice. */
export function takeNotice(): SignInNotice | null {
  const notice = state.notice;
  state = { ...state, notice: null };
  return notice;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function update(next: SessionState): void {
  state = next;
  for (const listener of listeners) listener();
}
