// express-session store in PostgreSQL. Rows carry the user id, so an account's sessions can be
// revoked, and the Socket.IO handshake reads the same rows. The store enforces both timeouts:
// idle (expiresAt slides on activity) and absolute (never past createdAt + absolute).
import session from "express-session";
import type { Db, Prisma } from "../db/client.ts";
import { publishRevocation, type RevokedSessions } from "./session-revocations.ts";

export interface SessionTimeouts {
  absoluteTimeoutMs: number;
  idleTimeoutMs: number;
}

export interface KorrigoSessionData {
  createdAt?: number;
  csrfToken?: string;
  passport?: { user?: string };
}

type Cb<T = void> = (err?: unknown, value?: T) => void;

/** Sessions whose last touch this node remembers (a bounded map: the oldest are forgotten first). */
const TOUCHED_KEPT = 20_000;

export interface SessionStoreOptions {
  readonly now?: () => number;
}

export class PrismaSessionStore extends session.Store {
  /**
   * sid → when this node last slid its expiry: a desk loading a dozen images writes the row once,
   * not twelve times. In the order of those times; an entry older than touchEveryMs says nothing
   * (the next touch writes anyway) and goes: a session signed out through another node, or
   * simply left, must not stay here for hours.
   */
  private readonly touched = new Map<string, number>();
  /** a touch within this delay of the last one is not written (a tenth of the idle timeout, at most a minute) */
  private readonly touchEveryMs: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly t: SessionTimeouts,
    private readonly revoked?: RevokedSessions,
    o: SessionStoreOptions = {},
  ) {
    super();
    this.touchEveryMs = Math.min(60_000, Math.floor(t.idleTimeoutMs / 10));
    this.now = o.now ?? Date.now;
  }

  /** How many sessions' last touch this node remembers. */
  get rememberedTouches(): number {
    return this.touched.size;
  }

  private remember(sid: string, at: number): void {
    this.touched.delete(sid);
    this.touched.set(sid, at);
    for (const [old, when] of this.touched) {
      if (at - when < this.touchEveryMs && this.touched.size <= TOUCHED_KEPT) break;
      this.touched.delete(old);
    }
  }

  private expiry(createdAt: number, now = Date.now()): Date {
    return new Date(Math.min(now + this.t.idleTimeoutMs, createdAt + this.t.absoluteTimeoutMs));
  }

  override get(sid: string, cb: Cb<session.SessionData | null>): void {
    this.db.session
      .findUnique({ where: { id: sid } })
      .then((row) => cb(null, row && row.expiresAt.getTime() > Date.now() ? (row.data as unknown as session.SessionData) : null))
      .catch(cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Cb): void {
    const data = sess as session.SessionData & KorrigoSessionData;
    const createdAt = data.createdAt ?? Date.now();
    const userId = data.passport?.user ?? null;
    const json = JSON.parse(JSON.stringify(sess)) as Prisma.InputJsonValue;
    const expiresAt = this.expiry(createdAt);
    this.db.session
      .upsert({
        where: { id: sid },
        create: { id: sid, userId, data: json, createdAt: new Date(createdAt), expiresAt },
        update: { userId, data: json, lastSeenAt: new Date(), expiresAt },
      })
      .then(() => {
        this.remember(sid, this.now());
        cb?.();
      })
      .catch((e) => cb?.(e));
  }

  /**
   * Slides the idle expiry. Written at most once per `touchEveryMs` per session and node (the
   * idle timeout is thus enforced within a tenth of itself): reading a copy's page images is a
   * burst of requests that would otherwise each write the session row.
   */
  override touch(sid: string, sess: session.SessionData, cb?: Cb): void {
    const now = this.now();
    const last = this.touched.get(sid);
    if (last !== undefined && now - last < this.touchEveryMs) {
      cb?.();
      return;
    }
    this.remember(sid, now);
    const createdAt = (sess as KorrigoSessionData).createdAt ?? now;
    this.db.session
      .updateMany({ where: { id: sid, expiresAt: { gt: new Date() } }, data: { lastSeenAt: new Date(), expiresAt: this.expiry(createdAt) } })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }

  /** Sign-out (and the old id of a regenerated session): the row goes, and every node hears of it. */
  override destroy(sid: string, cb?: Cb): void {
    this.touched.delete(sid);
    this.revoked?.apply({ sids: [sid] }); // this node's sockets stop before the answer leaves
    this.db
      .$transaction(async (tx) => {
        const r = await tx.session.deleteMany({ where: { id: sid } });
        if (r.count > 0) await publishRevocation(tx, { sids: [sid] });
      })
      .then(() => cb?.())
      .catch((e) => cb?.(e));
  }
}

/** Valid (not expired) session row → user id; used by the Socket.IO handshake. */
export async function sessionUserId(db: Db, sid: string): Promise<string | null> {
  const row = await db.session.findUnique({ where: { id: sid }, select: { userId: true, expiresAt: true } });
  return row && row.expiresAt.getTime() > Date.now() ? row.userId : null;
}

/** Deletes the user's sessions (but one) and tells every node, in the caller's transaction. */
export async function revokeUserSessions(tx: Pick<Db, "session" | "$executeRaw">, userId: string, exceptSid?: string): Promise<number> {
  const r = await tx.session.deleteMany({ where: { userId, ...(exceptSid ? { id: { not: exceptSid } } : {}) } });
  await publishRevocation(tx, { userId, ...(exceptSid ? { exceptSid } : {}) });
  return r.count;
}

export async function purgeExpiredSessions(db: Db): Promise<number> {
  const r = await db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  return r.count;
}
