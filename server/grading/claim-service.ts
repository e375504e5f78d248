// Question claims (grading by question, #12): a grader marks one question of one copy. At most one
// live claim per (copy, question) — the primary key and a conditional upsert decide, whatever the
// number of nodes — so two graders can mark different questions of the same copy at once.
//
// Coexistence with whole-copy locks (CopyLock): a live lock of someone else excludes claims of the
// copy, and a live claim of someone else excludes the lock. Both checks run after taking the Copy
// row's lock (FOR NO KEY UPDATE), which the lock service's acquire and the updates' commit take
// too, so a lock and a claim of two users can never both be granted. Leases: like locks, a claim
// past expiresAt is free (a dead node's claims free themselves); the node serving the holder's
// connection renews them. Times come from the database clock.
import type pg from "pg";
import { KeyedBatcher } from "./keyed-batcher.ts";
import type { Queryable } from "./sql.ts";

export interface ClaimView {
  readonly copyId: string;
  readonly questionId: string;
  readonly expiresAt: string;
}

export interface NextResult {
  /** null: no ungraded copy of this question is left for this grader (the others are claimed or graded) */
  readonly claim: ClaimView | null;
  readonly anonymousCode: string | null;
  /** with `ahead`: the copy after the claimed one, claimed too (the desk shows it on N without asking) */
  readonly ahead: ClaimView | null;
  readonly aheadCode: string | null;
  /** the copy that would come after (after `ahead` when there is one), to prefetch (not claimed: someone else may take it) */
  readonly peek: string | null;
  /** ungraded copies of the question for this grader, claimed by others included, the claimed one included */
  readonly remaining: number;
  /** copies of the question this grader is given, graded or not (the desk shows "done / total") */
  readonly total: number;
}

export interface ClaimHolder {
  readonly userId: string;
  readonly nodeId: string;
}

/** Copies of the exam this grader may write, READY, with no decision on the question yet. */
/** Copies of the exam given to this grader ($3) for question $2 (its variant's), past intake. */
const ON_QUESTION = `
  FROM "Copy" c
 WHERE c."examId" = $1::uuid AND c.state <> 'STAGING'
   AND EXISTS (SELECT 1 FROM "Assignment" a WHERE a."copyId" = c.id AND a."graderId" = $3::uuid
                 AND (cardinality(a."questionIds") = 0 OR $2 = ANY(a."questionIds"::text[])))
   AND NOT EXISTS (SELECT 1 FROM "ScaleNode" n WHERE n.id::text = $2 AND n.variant IS NOT NULL AND n.variant IS DISTINCT FROM c.variant)`;

const CANDIDATES = `
  FROM "Copy" c
 WHERE c."examId" = $1::uuid AND c.state = 'READY'
   AND EXISTS (SELECT 1 FROM "Assignment" a WHERE a."copyId" = c.id AND a."graderId" = $3::uuid
                 AND (cardinality(a."questionIds") = 0 OR $2 = ANY(a."questionIds"::text[])))
   AND NOT EXISTS (SELECT 1 FROM "ScaleNode" n WHERE n.id::text = $2 AND n.variant IS NOT NULL AND n.variant IS DISTINCT FROM c.variant)
   AND NOT EXISTS (SELECT 1 FROM "QuestionDecision" d WHERE d."copyId" = c.id AND d.layer = '' AND d."questionId" = $2
                     AND (d.score IS NOT NULL OR cardinality(d.items) > 0 OR d."adjustPoints" IS NOT NULL OR d.checked))`;

/** ...and free for this grader: no live claim of someone else on the question, no live lock of someone else. */
const FREE = `
   AND NOT EXISTS (SELECT 1 FROM "QuestionClaim" q WHERE q."copyId" = c.id AND q."questionId" = $2 AND q."expiresAt" > now() AND q."holderId" <> $3::uuid)
   AND NOT EXISTS (SELECT 1 FROM "CopyLock" l WHERE l."copyId" = c.id AND l."expiresAt" > now() AND l."holderId" <> $3::uuid)`;

export class ClaimService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly opts: { readonly leaseSec: number },
  ) {}

  /**
   * Releases the grader's claims on this question of the exam and claims the next ungraded copy
   * (after `afterCopyId` in copy order, wrapping around; `skip` copies are passed over). `ahead`:
   * the copy after it is claimed too, in the same transaction (the grader's next one, held so that
   * `N` shows it at once; the next call releases it or keeps it as the claimed one).
   */
  async next(
    examId: string,
    questionId: string,
    holder: ClaimHolder,
    opts: { afterCopyId?: string | null; skip?: readonly string[]; ahead?: boolean } = {},
  ): Promise<NextResult> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const afterSeq = opts.afterCopyId ? await seqOf(client, opts.afterCopyId) : null;
      // N on the desk: the copy it shows at once is the one claimed ahead by the last call — kept as
      // the claim even if the grader already marked it there (a key pressed before this call arrived)
      const skip = [...(opts.skip ?? [])];
      const shown = opts.afterCopyId ? await this.heldAhead(client, examId, questionId, holder.userId, opts.afterCopyId, afterSeq, skip) : null;
      // its row first, before the claims' rows are touched, in the order a lock's acquire or a
      // takeover takes them (Copy row, then claims): waiting here for a commit on it cannot deadlock
      if (shown) await client.query(`SELECT id FROM "Copy" WHERE id = $1::uuid FOR NO KEY UPDATE`, [shown]);
      await client.query(`DELETE FROM "QuestionClaim" WHERE "examId" = $1::uuid AND "questionId" = $2 AND "holderId" = $3::uuid`, [
        examId,
        questionId,
        holder.userId,
      ]);
      const claim =
        (shown ? await this.tryClaim(client, shown, examId, questionId, holder, { graded: true }) : null) ??
        (await this.claimFirst(client, examId, questionId, holder, afterSeq, skip));
      const ahead =
        claim && opts.ahead ? await this.claimFirst(client, examId, questionId, holder, await seqOf(client, claim.copyId), [...skip, claim.copyId]) : null;
      await client.query("COMMIT");
      const [peek, remaining, total, code, aheadCode] = await Promise.all([
        claim ? this.peek(examId, questionId, holder.userId, (ahead ?? claim).copyId) : Promise.resolve(null),
        this.count(CANDIDATES, examId, questionId, holder.userId),
        this.count(ON_QUESTION, examId, questionId, holder.userId),
        claim ? anonymousCode(this.pool, claim.copyId) : Promise.resolve(null),
        ahead ? anonymousCode(this.pool, ahead.copyId) : Promise.resolve(null),
      ]);
      return { claim, anonymousCode: code, ahead, aheadCode, peek, remaining, total };
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }

  /** Claims the first free ungraded copy after `afterSeq` (wrapping), inside the caller's transaction. */
  private async claimFirst(
    client: Queryable,
    examId: string,
    questionId: string,
    holder: ClaimHolder,
    afterSeq: number | null,
    skip: readonly string[],
  ): Promise<ClaimView | null> {
    const excluded = [...skip];
    for (let attempt = 0; attempt < 20; attempt++) {
      // SKIP LOCKED spreads racing graders over different copies; the last tries wait instead,
      // so a copy locked only for a moment (an update committing) is not passed over for good —
      // nor taken for "nothing left" when every free copy is locked at this instant
      const skipLocked = attempt < 15;
      const id = await this.pick(client, examId, questionId, holder.userId, afterSeq, excluded, skipLocked);
      if (!id) {
        if (!skipLocked) return null;
        attempt = 14; // the next try waits for the locks
        continue;
      }
      const claim = await this.tryClaim(client, id, examId, questionId, holder);
      if (claim) return claim;
      excluded.push(id);
    }
    return null;
  }

  private async pick(
    client: Queryable,
    examId: string,
    questionId: string,
    userId: string,
    afterSeq: number | null,
    excluded: readonly string[],
    skipLocked: boolean,
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT c.id ${CANDIDATES} ${FREE}
         AND NOT (c.id = ANY($4::uuid[]))
       ORDER BY (c.seq <= COALESCE($5::int, -1)), c.seq
       LIMIT 1
       FOR NO KEY UPDATE OF c ${skipLocked ? "SKIP LOCKED" : ""}`,
      [examId, questionId, userId, excluded, afterSeq],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * The grader's live claim on the question other than `afterCopyId`, first after it in copy order:
   * the copy claimed ahead, which the desk shows on N before this call answers. Still the grader's
   * to mark (READY, dispatched); graded or not.
   */
  private async heldAhead(
    client: Queryable,
    examId: string,
    questionId: string,
    userId: string,
    afterCopyId: string,
    afterSeq: number | null,
    skip: readonly string[],
  ): Promise<string | null> {
    const { rows } = await client.query<{ id: string }>(
      `SELECT c.id ${ON_QUESTION} AND c.state = 'READY' AND c.id <> $4::uuid AND NOT (c.id = ANY($6::uuid[]))
         AND EXISTS (SELECT 1 FROM "QuestionClaim" q WHERE q."copyId" = c.id AND q."questionId" = $2 AND q."holderId" = $3::uuid AND q."expiresAt" > now())
       ORDER BY (c.seq <= COALESCE($5::int, -1)), c.seq LIMIT 1`,
      [examId, questionId, userId, afterCopyId, afterSeq, skip],
    );
    return rows[0]?.id ?? null;
  }

  /**
   * With the Copy row locked: checks afresh (this statement sees every commit) and upserts the claim.
   * `graded`: a copy already marked on the question may be claimed (the one the grader kept).
   */
  private async tryClaim(
    client: Queryable,
    copyId: string,
    examId: string,
    questionId: string,
    holder: ClaimHolder,
    opts: { graded?: boolean } = {},
  ): Promise<ClaimView | null> {
    const blocked = await client.query(
      `SELECT 1 FROM "CopyLock" l WHERE l."copyId" = $1::uuid AND l."expiresAt" > now() AND l."holderId" <> $2::uuid
       UNION ALL
       SELECT 1 FROM "QuestionDecision" d WHERE NOT $4::boolean AND d."copyId" = $1::uuid AND d.layer = '' AND d."questionId" = $3
          AND (d.score IS NOT NULL OR cardinality(d.items) > 0 OR d."adjustPoints" IS NOT NULL OR d.checked)`,
      [copyId, holder.userId, questionId, opts.graded === true],
    );
    if (blocked.rows.length > 0) return null;
    const { rows } = await client.query<{ expiresAt: Date }>(
      `INSERT INTO "QuestionClaim" ("copyId", "questionId", "examId", "holderId", "nodeId", "acquiredAt", "expiresAt")
       VALUES ($1::uuid, $2, $3::uuid, $4::uuid, $5, now(), now() + $6::int * interval '1 second')
       ON CONFLICT ("copyId", "questionId") DO UPDATE SET
         "holderId" = EXCLUDED."holderId", "nodeId" = EXCLUDED."nodeId", "acquiredAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
       WHERE "QuestionClaim"."expiresAt" <= now() OR "QuestionClaim"."holderId" = EXCLUDED."holderId"
       RETURNING "expiresAt"`,
      [copyId, questionId, examId, holder.userId, holder.nodeId, this.opts.leaseSec],
    );
    return rows[0] ? { copyId, questionId, expiresAt: rows[0].expiresAt.toISOString() } : null;
  }

  private async peek(examId: string, questionId: string, userId: string, current: string): Promise<string | null> {
    const seq = await seqOf(this.pool, current);
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT c.id ${CANDIDATES} ${FREE} AND c.id <> $4::uuid
         AND NOT EXISTS (SELECT 1 FROM "QuestionClaim" q WHERE q."copyId" = c.id AND q."questionId" = $2 AND q."expiresAt" > now())
       ORDER BY (c.seq <= COALESCE($5::int, -1)), c.seq LIMIT 1`,
      [examId, questionId, userId, current, seq],
    );
    return rows[0]?.id ?? null;
  }

  private async count(from: string, examId: string, questionId: string, userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n ${from}`, [examId, questionId, userId]);
    return rows[0]?.n ?? 0;
  }

  /** The user's live claims on this copy (what an update of theirs may touch without the lock). */
  async mine(copyId: string, userId: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ questionId: string }>(
      `SELECT "questionId" FROM "QuestionClaim" WHERE "copyId" = $1::uuid AND "holderId" = $2::uuid AND "expiresAt" > now() ORDER BY "questionId"`,
      [copyId, userId],
    );
    return rows.map((r) => r.questionId);
  }

  /** Frees the grader's claim; the releases of one moment (a classroom's sockets dropping at once) go in one statement. */
  release(copyId: string, questionId: string, userId: string): Promise<boolean> {
    return this.#releases.get(claimKey(copyId.toLowerCase(), userId.toLowerCase(), questionId)); // the rows' uuids come back in lower case
  }

  readonly #releases = new KeyedBatcher<string, boolean>(async (keys) => {
    const claims = keys.map(parseClaimKey);
    const { rows } = await this.pool.query<{ copyId: string; questionId: string; holderId: string }>(
      `DELETE FROM "QuestionClaim" q
        USING unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(copy_id, question_id, holder_id)
        WHERE q."copyId" = k.copy_id AND q."questionId" = k.question_id AND q."holderId" = k.holder_id
       RETURNING q."copyId", q."questionId", q."holderId"`,
      [claims.map((c) => c.copyId), claims.map((c) => c.questionId), claims.map((c) => c.userId)],
    );
    const freed = new Set(rows.map((r) => claimKey(r.copyId, r.holderId, r.questionId)));
    return new Map(keys.map((k) => [k, freed.has(k)]));
  });

  /** Extends the leases of these claims; returns the keys `${copyId}|${questionId}|${userId}` still held. */
  async renew(claims: readonly { copyId: string; questionId: string; userId: string }[]): Promise<Set<string>> {
    if (claims.length === 0) return new Set();
    const { rows } = await this.pool.query<{ copyId: string; questionId: string; holderId: string }>(
      `UPDATE "QuestionClaim" q SET "expiresAt" = now() + $4::int * interval '1 second'
         FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS k(copy_id, question_id, holder_id)
        WHERE q."copyId" = k.copy_id AND q."questionId" = k.question_id AND q."holderId" = k.holder_id AND q."expiresAt" > now()
       RETURNING q."copyId", q."questionId", q."holderId"`,
      [claims.map((c) => c.copyId), claims.map((c) => c.questionId), claims.map((c) => c.userId), this.opts.leaseSec],
    );
    return new Set(rows.map((r) => `${r.copyId}|${r.questionId}|${r.holderId}`));
  }
}

/** copy and holder first (uuids: no "|"), the question id last, whatever it holds */
const claimKey = (copyId: string, userId: string, questionId: string) => `${copyId}|${userId}|${questionId}`;

function parseClaimKey(key: string): { copyId: string; userId: string; questionId: string } {
  const a = key.indexOf("|");
  const b = key.indexOf("|", a + 1);
  return { copyId: key.slice(0, a), userId: key.slice(a + 1, b), questionId: key.slice(b + 1) };
}

async function seqOf(q: Queryable, copyId: string): Promise<number | null> {
  const { rows } = await q.query<{ seq: number }>(`SELECT seq FROM "Copy" WHERE id = $1::uuid`, [copyId]);
  return rows[0]?.seq ?? null;
}

async function anonymousCode(q: Queryable, copyId: string): Promise<string | null> {
  const { rows } = await q.query<{ code: string }>(`SELECT "anonymousCode" AS code FROM "Copy" WHERE id = $1::uuid`, [copyId]);
  return rows[0]?.code ?? null;
}
