// The next copy's live session, joined quietly while the grader works on this one: its document
// synced and kept live in its room, nobody shown there (the server leaves a quiet join out of
// presence). "Copie suivante" then takes the lock only — one round trip instead of the join, its
// document read and the lock. At most one; closed when the desk opens another copy or goes away.
import { CopySession, type SessionUser } from "../realtime/copy-session.ts";
import { gradingSocket } from "../realtime/socket.ts";

let next: { session: CopySession; userId: string } | null = null;

/** Joins this copy ahead, quietly (no lock, not in presence); a different one joined ahead before is left. */
export function joinNextAhead(copyId: string, user: SessionUser): void {
  if (next?.session.copyId === copyId && next.userId === user.id) return;
  dropNextSession();
  const session = new CopySession(copyId, user, gradingSocket(), { quiet: true });
  next = { session, userId: user.id };
  session.start();
}

/** The session joined ahead for this copy and user, once; any other one is closed. */
export function takeNextSession(copyId: string, userId: string): CopySession | null {
  const n = next;
  next = null;
  if (!n) return null;
  if (n.session.copyId === copyId && n.userId === userId) return n.session;
  n.session.close();
  return null;
}

export function dropNextSession(): void {
  next?.session.close();
  next = null;
}
