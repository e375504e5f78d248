// Copy locks (CopyLock rows). Acquire is ONE conditional statement: INSERT … ON CONFLICT DO
// UPDATE … WHERE (expired OR same holder) — PostgreSQL lets exactly one racer win, whatever
// the number of nodes — sent with its transaction in one round trip (lock-acquire-sql.ts). A lease past expiresAt is free, so a dead node's locks free themselves.
// Times come from the database clock, the one clock every node shares.
// Question claims (claim-service.ts) of someone else exclude the lock: acquire checks them after
// taking the Copy row's lock, as claims check locks, so the two can never be granted together.
import type { AuditContext } from "../audit/audit-service.ts";
import { recordAudit } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { lockTakeovers } from "../ops/metrics.ts";
import type pg from "pg";
import { KeyedBatcher } from "./keyed-batcher.ts";
import { acquireLockSql } from "./lock-acquire-sql.ts";

export interface LockView {
  readonly copyId: string;
  readonly examId: string;
  readonly holder: { readonly id: string; readonly displayName: string };
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

export type AcquireResult = { ok: true; lock: LockView } | { ok: false; holder: LockView };

interface LockRow {
  copyId: string;
  examId: string;
  holderId: string;
  displayName: string;
  acquiredAt: Date;
  expiresAt: Date;
}

const view = (r: LockRow): LockView => ({
  copyId: r.copyId,
  examId: r.examId,
  holder: { id: r.holderId, displayName: r.displayName },
  acquiredAt: r.acquiredAt.toISOString(),
  expiresAt: r.expiresAt.toISOString(),
});

export interface Holder {
  readonly userId: string;
  readonly sessionId: string;
}

export class LockService {
  constructor(
    private readonly db: Db,
    /** for acquire's one-round-trip statements (a simple query, which Prisma does not send) */
    private readonly pool: pg.Pool,
    private readonly opts: { readonly leaseSec: number; readonly nodeId: string },
  ) {}

  /** The live lock of a copy, or null when it is free; the asks made while one read runs share the next (a join storm: a few queries, not one per join). */
  current(copyId: string): Promise<LockView | null> {
    return this.#current.get(copyId.toLowerCase()); // the rows' ids come back in lower case
  }

  readonly #current = new KeyedBatcher<string, LockView | null>(async (copyIds) => {
    const rows = await this.db.$queryRaw<LockRow[]>`
      SELECT l."copyId", c."examId", l."holderId", u."displayName", l."acquiredAt", l."expiresAt"
        FROM "CopyLock" l JOIN "User" u ON u.id = l."holderId" JOIN "Copy" c ON c.id = l."copyId"
       WHERE l."copyId" = ANY(${copyIds}::uuid[]) AND l."expiresAt" > now()`;
    const out = new Map<string, LockView | null>(copyIds.map((id) => [id, null]));
    for (const r of rows) out.set(r.copyId, view(r));
    return out;
  });

  /** Wins when the copy is free, its lease expired, or the holder is the same user (another tab or device); never while another user claims one of its questions. One round trip (lock-acquire-sql.ts). */
  async acquire(copyId: string, holder: Holder): Promise<AcquireResult> {
    const sql = acquireLockSql({ copyId, userId: holder.userId, sessionId: holder.sessionId, nodeId: this.opts.nodeId, leaseSec: this.opts.leaseSec });
    for (let attempt = 0; attempt < 3; attempt++) {
      const rows = await this.#oneTrip(sql);
      const row = rows[0];
      if (row?.claimed) return { ok: false, holder: view(row) };
      if (row) return { ok: true, lock: view(row) };
      const holderNow = await this.current(copyId);
      if (holderNow) return { ok: false, holder: holderNow };
      // released between the two statements: try again
    }
    throw new Error(`lock of copy ${copyId} kept changing hands`);
  }

  async #oneTrip(sql: string): Promise<(LockRow & { claimed: boolean })[]> {
    const client = await this.pool.connect();
    try {
      const results = (await client.query(sql)) as unknown as pg.QueryResult<LockRow & { claimed: boolean }>[];
      client.release();
      return results[2]!.rows;
    } catch (e) {
      client.release(true); // an error inside the block may leave it open: the connection goes
      throw e;
    }
  }

  /** Unconditional: the actor becomes the holder; audited in the same transaction. */
  async takeover(copyId: string, holder: Holder, audit: AuditContext): Promise<{ lock: LockView; previous: LockView | null }> {
    return this.db
      .$transaction(async (tx) => {
        const before = await tx.$queryRaw<LockRow[]>`
        SELECT l."copyId", c."examId", l."holderId", u."displayName", l."acquiredAt", l."expiresAt"
          FROM "CopyLock" l JOIN "User" u ON u.id = l."holderId" JOIN "Copy" c ON c.id = l."copyId"
         WHERE l."copyId" = ${copyId}::uuid AND l."expiresAt" > now()
           FOR UPDATE OF l`;
        const rows = await tx.$queryRaw<LockRow[]>`
        WITH up AS (
          INSERT INTO "CopyLock" ("copyId", "holderId", "sessionId", "nodeId", "acquiredAt", "renewedAt", "expiresAt")
          VALUES (${copyId}::uuid, ${holder.userId}::uuid, ${holder.sessionId}, ${this.opts.nodeId}, now(), now(), now() + ${this.opts.leaseSec}::int * interval '1 second')
          ON CONFLICT ("copyId") DO UPDATE SET
            "holderId" = EXCLUDED."holderId", "sessionId" = EXCLUDED."sessionId", "nodeId" = EXCLUDED."nodeId",
            "acquiredAt" = now(), "renewedAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
          RETURNING *
        )
        SELECT up."copyId", c."examId", up."holderId", u."displayName", up."acquiredAt", up."expiresAt"
          FROM up JOIN "User" u ON u.id = up."holderId" JOIN "Copy" c ON c.id = up."copyId"`;
        const previous = before[0] ? view(before[0]) : null;
        // the supervisor takes the whole copy: question claims on it end too
        await tx.$executeRaw`DELETE FROM "QuestionClaim" WHERE "copyId" = ${copyId}::uuid`;
        await recordAudit(tx, audit, {
          action: "copy.lock.takeover",
          targetType: "copy",
          targetId: copyId,
          details: { previousHolderId: previous?.holder.id ?? null, previousHolderName: previous?.holder.displayName ?? null },
        });
        return { lock: view(rows[0]!), previous };
      })
      .then((r) => {
        lockTakeovers.inc();
        return r;
      });
  }

  /** Frees the user's lock (an explicit unlock). */
  async release(copyId: string, userId: string): Promise<boolean> {
    const n = await this.db.$executeRaw`DELETE FROM "CopyLock" WHERE "copyId" = ${copyId}::uuid AND "holderId" = ${userId}::uuid`;
    return n > 0;
  }

  /**
   * Frees the locks these users hold through this node (their grace periods over), in one
   * statement whatever their number (a classroom's sockets dropped at once); a lock another
   * node's socket reclaimed meanwhile stays. Returns the keys `${copyId}|${userId}` freed.
   */
  async releaseHeldHere(pairs: readonly { copyId: string; userId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const { rows } = await this.pool.query<{ copyId: string; holderId: string }>(
      `DELETE FROM "CopyLock" l
        USING unnest($1::uuid[], $2::uuid[]) AS k(copy_id, holder_id)
        WHERE l."copyId" = k.copy_id AND l."holderId" = k.holder_id AND l."nodeId" = $3
       RETURNING l."copyId", l."holderId"`,
      [pairs.map((p) => p.copyId), pairs.map((p) => p.userId), this.opts.nodeId],
    );
    return new Set(rows.map((r) => `${r.copyId}|${r.holderId}`));
  }

  /** Extends the leases of these (copy, holder) pairs; returns the keys `${copyId}|${userId}` still held. */
  async renew(pairs: readonly { copyId: string; userId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.db.$queryRaw<{ copyId: string; holderId: string }[]>`
      UPDATE "CopyLock" l SET "renewedAt" = now(), "expiresAt" = now() + ${this.opts.leaseSec}::int * interval '1 second'
        FROM unnest(${pairs.map((p) => p.copyId)}::uuid[], ${pairs.map((p) => p.userId)}::uuid[]) AS k(copy_id, holder_id)
       WHERE l."copyId" = k.copy_id AND l."holderId" = k.holder_id
      RETURNING l."copyId", l."holderId"`;
    return new Set(rows.map((r) => `${r.copyId}|${r.holderId}`));
  }
}
