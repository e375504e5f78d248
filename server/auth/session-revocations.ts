// A revoked session stops at once on every node. Each revocation (sign-out, password change or
// reset, an admin resetting or deactivating an account) is NOTIFYed on korrigo_events in the
// transaction that deletes the session rows; every node feeds what it hears into its own
// RevokedSessions, which disconnects the session's sockets there and is asked on each socket
// event (memory only: no database round trip). The node that signs a session out applies it
// locally too, before answering. A write that reaches a node before the notice is refused by its
// own commit, which reads the writer's session row in its lock statement (live-session-sql.ts).
import type { Db } from "../db/client.ts";
import { publishEvent } from "../db/events.ts";
import { AppError } from "../errors/app-error.ts";

export const SESSIONS_REVOKED = "sessions:revoked";

/** What an event of a revoked session gets, whichever check (memory or the commit) caught it. */
export const sessionClosed = (): AppError => new AppError("SESSION_EXPIRED", "Your session was closed; sign in again");

/** Either named sessions, or every session of a user but one (the device that changed the password). */
export interface Revocation {
  readonly sids?: readonly string[];
  readonly userId?: string;
  readonly exceptSid?: string;
}

const REMEMBER_MS = 5 * 60_000; // covers a handshake that read the session just before it was deleted

export async function publishRevocation(tx: Pick<Db, "$executeRaw">, r: Revocation): Promise<void> {
  await publishEvent(tx, { type: SESSIONS_REVOKED, ...r });
}

const str = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 200;

/** The revocation carried by a korrigo_events payload, or null for anything else or malformed. */
export function revocationOf(e: { type: string } & Record<string, unknown>): Revocation | null {
  if (e.type !== SESSIONS_REVOKED) return null;
  const sids = Array.isArray(e.sids) && e.sids.length <= 1000 && e.sids.every(str) ? (e.sids as string[]) : undefined;
  const userId = str(e.userId) ? e.userId : undefined;
  const exceptSid = str(e.exceptSid) ? e.exceptSid : undefined;
  if (!sids && !userId) return null;
  return { ...(sids ? { sids } : {}), ...(userId ? { userId, ...(exceptSid ? { exceptSid } : {}) } : {}) };
}

export class RevokedSessions {
  readonly #sids = new Map<string, number>();
  readonly #handlers = new Set<(r: Revocation) => void>();

  apply(r: Revocation): void {
    const now = Date.now();
    for (const [sid, at] of this.#sids) if (now - at > REMEMBER_MS) this.#sids.delete(sid);
    for (const sid of r.sids ?? []) this.#sids.set(sid, now);
    for (const h of this.#handlers) h(r);
  }

  /** Marks a session revoked (a user-wide revocation names no sid: the socket layer adds the ones it holds). */
  add(sid: string): void {
    this.#sids.set(sid, Date.now());
  }

  has(sid: string): boolean {
    return this.#sids.has(sid);
  }

  /** Calls `handler` for each revocation heard; returns the unsubscribe function. */
  subscribe(handler: (r: Revocation) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }
}
