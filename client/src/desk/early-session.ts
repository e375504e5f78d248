// The live session of the copy a page was opened on, started before the app boots (client/src/main.ts,
// when the server inlined the desk's data and the signed-in user): the socket joins the copy and
// takes its lock while the app's modules load and the router finds the desk, instead of after.
// The desk takes it over (takeEarlySession); one nobody took within 15 s is closed (its lock released).
import { CopySession, type SessionUser } from "../realtime/copy-session.ts";
import { gradingSocket } from "../realtime/socket.ts";

const UNCLAIMED_MS = 15_000;

let early: { session: CopySession; userId: string; timer: ReturnType<typeof setTimeout> } | null = null;

export function startEarlySession(copyId: string, user: SessionUser): void {
  if (early) return;
  const session = new CopySession(copyId, user, gradingSocket());
  const timer = setTimeout(() => {
    if (early?.session !== session) return;
    early = null;
    session.close();
  }, UNCLAIMED_MS);
  early = { session, userId: user.id, timer };
  session.start();
}

/** The early session of this copy and user, once (started already); any other one is closed. */
export function takeEarlySession(copyId: string, userId: string): CopySession | null {
  const e = early;
  if (!e) return null;
  early = null;
  clearTimeout(e.timer);
  if (e.session.copyId === copyId && e.userId === userId) return e.session;
  e.session.close();
  return null;
}
