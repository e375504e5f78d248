// Keeps sockets and sessions in step. A revocation heard from any node (sign-out, password
// change, deactivation: server/auth/session-revocations.ts) disconnects the session's sockets
// here at once, and every later event of theirs is refused from memory. Every sweep (a quarter of the idle timeout, 1–15 s):
// sessions whose sockets were active are touched (grading over the socket is activity, like
// an HTTP request), then the sessions of every local socket are checked in one query; a
// socket whose session expired or was revoked, or whose user was disabled, gets
// `session:expired` and is disconnected. Between sweeps, an event past the known expiry is
// refused at once without a query.
import type pg from "pg";
import type { Logger } from "pino";
import { LIVE_SESSION_WHERE } from "../auth/live-session-sql.ts";
import { type Revocation, type RevokedSessions, sessionClosed } from "../auth/session-revocations.ts";
import { AppError } from "../errors/app-error.ts";
import type { Connection } from "./connection.ts";

export interface SessionWatchOptions {
  readonly idleTimeoutMs: number;
  readonly absoluteTimeoutMs: number;
  readonly log: Logger;
}

export class SessionWatch {
  readonly #timer: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  #lastSweep = Date.now();
  #sweeping = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connections: ReadonlyMap<string, Connection>,
    private readonly opts: SessionWatchOptions,
    private readonly revoked: RevokedSessions,
  ) {
    this.#unsubscribe = revoked.subscribe((r) => this.#revoke(r));
    this.#timer = setInterval(() => void this.sweep(), Math.min(15_000, Math.max(1_000, opts.idleTimeoutMs / 4)));
    this.#timer.unref();
  }

  /** Called on every event: throws SESSION_EXPIRED (and disconnects) past the known expiry. */
  assertLive(conn: Connection): void {
    conn.lastActivity = Date.now();
    if (this.revoked.has(conn.sessionId)) {
      this.expire(conn);
      throw sessionClosed();
    }
    if (conn.lastActivity < conn.sessionExpiresAt) return;
    this.expire(conn);
    throw new AppError("SESSION_EXPIRED", "Your session has expired; sign in again");
  }

  /** Refuses the socket's later events and disconnects it: a revocation heard, or found by a write's commit before it was heard. */
  revokeHere(conn: Connection): void {
    this.revoked.add(conn.sessionId);
    this.expire(conn);
  }

  /** Disconnects this node's sockets of the revoked sessions; their later events are refused. */
  #revoke(r: Revocation): void {
    for (const conn of [...this.connections.values()]) {
      const hit = r.sids?.includes(conn.sessionId) || (r.userId === conn.user.id && conn.sessionId !== r.exceptSid);
      if (hit) this.revokeHere(conn);
    }
  }

  expire(conn: Connection): void {
    conn.socket.emit("session:expired", { reason: "Your session has expired or was closed; sign in again" });
    conn.socket.disconnect(true);
  }

  async sweep(): Promise<void> {
    if (this.#sweeping || this.connections.size === 0) return;
    this.#sweeping = true;
    const since = this.#lastSweep;
    this.#lastSweep = Date.now();
    try {
      const conns = [...this.connections.values()];
      const active = [...new Set(conns.filter((c) => c.lastActivity >= since).map((c) => c.sessionId))];
      if (active.length > 0) await this.#touch(active);
      const live = await this.#liveSessions([...new Set(conns.map((c) => c.sessionId))]);
      for (const conn of conns) {
        const expiresAt = live.get(conn.sessionId);
        if (expiresAt === undefined) this.expire(conn);
        else conn.sessionExpiresAt = expiresAt;
      }
    } catch (e) {
      this.opts.log.warn({ err: e }, "session sweep failed; retrying at the next tick");
    } finally {
      this.#sweeping = false;
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#unsubscribe();
  }

  async #touch(sids: string[]): Promise<void> {
    await this.pool.query(
      `UPDATE "Session" SET "lastSeenAt" = now(),
              "expiresAt" = LEAST(now() + $2::bigint * interval '1 millisecond', "createdAt" + $3::bigint * interval '1 millisecond')
        WHERE id = ANY($1::varchar[]) AND "expiresAt" > now()`,
      [sids, Math.round(this.opts.idleTimeoutMs), Math.round(this.opts.absoluteTimeoutMs)],
    );
  }

  /** sid → expiry (ms) of the live sessions among sids whose user may still connect. */
  async #liveSessions(sids: string[]): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ id: string; expiresAt: Date }>(
      `SELECT s.id, s."expiresAt" FROM "Session" s JOIN "User" u ON u.id = s."userId"
        WHERE s.id = ANY($1::varchar[]) AND ${LIVE_SESSION_WHERE}`,
      [sids],
    );
    return new Map(rows.map((r) => [r.id, r.expiresAt.getTime()]));
  }
}
