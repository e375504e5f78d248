// Taking a copy's lock in ONE round trip: BEGIN, the Copy row's lock, the question-claim check
// with the conditional upsert, COMMIT — sent as one simple query (statements of a simple query run
// one after the other, each with its own snapshot under READ COMMITTED, so the claim check sees
// every claim committed before the row lock was granted, exactly as when they were separate
// round trips). A simple query takes no parameters: the values are checked (ids are UUIDs, the
// lease an integer) and quoted as literals.
import { escapeLiteral } from "pg";
import { UUID_PATTERN as UUID } from "../db/uuid-pattern.ts";

function uuid(value: string): string {
  if (!UUID.test(value)) throw new Error(`not a uuid: ${JSON.stringify(value).slice(0, 60)}`);
  return `'${value}'::uuid`;
}

export interface AcquireSqlInput {
  readonly copyId: string;
  readonly userId: string;
  readonly sessionId: string;
  readonly nodeId: string;
  readonly leaseSec: number;
}

/**
 * The statements; the third answers one row: `claimed` true with the oldest live claim of another
 * user (nothing taken), false with the lock taken, or no row when another user holds the lock.
 */
export function acquireLockSql(i: AcquireSqlInput): string {
  if (!Number.isInteger(i.leaseSec) || i.leaseSec <= 0) throw new Error(`bad lease: ${i.leaseSec}`);
  const copy = uuid(i.copyId);
  const user = uuid(i.userId);
  return `BEGIN;
SELECT id FROM "Copy" WHERE id = ${copy} FOR NO KEY UPDATE;
WITH claim AS (
  SELECT q."copyId", q."examId", q."holderId", u."displayName", q."acquiredAt", q."expiresAt"
    FROM "QuestionClaim" q JOIN "User" u ON u.id = q."holderId"
   WHERE q."copyId" = ${copy} AND q."expiresAt" > now() AND q."holderId" <> ${user}
   ORDER BY q."acquiredAt" LIMIT 1
), up AS (
  INSERT INTO "CopyLock" ("copyId", "holderId", "sessionId", "nodeId", "acquiredAt", "renewedAt", "expiresAt")
  SELECT ${copy}, ${user}, ${escapeLiteral(i.sessionId)}, ${escapeLiteral(i.nodeId)}, now(), now(), now() + ${i.leaseSec} * interval '1 second'
   WHERE NOT EXISTS (SELECT 1 FROM claim)
  ON CONFLICT ("copyId") DO UPDATE SET
    "acquiredAt" = CASE WHEN "CopyLock"."holderId" = EXCLUDED."holderId" AND "CopyLock"."expiresAt" > now() THEN "CopyLock"."acquiredAt" ELSE now() END,
    "holderId" = EXCLUDED."holderId", "sessionId" = EXCLUDED."sessionId", "nodeId" = EXCLUDED."nodeId",
    "renewedAt" = now(), "expiresAt" = EXCLUDED."expiresAt"
  WHERE "CopyLock"."expiresAt" <= now() OR "CopyLock"."holderId" = EXCLUDED."holderId"
  RETURNING *
)
SELECT true AS claimed, "copyId", "examId", "holderId", "displayName", "acquiredAt", "expiresAt" FROM claim
UNION ALL
SELECT false, up."copyId", c."examId", up."holderId", u."displayName", up."acquiredAt", up."expiresAt"
  FROM up JOIN "User" u ON u.id = up."holderId" JOIN "Copy" c ON c.id = up."copyId";
COMMIT;`;
}
