// Joins read what the access decision needs through here: one statement for every (copy, actor)
// asked while the previous one ran (keyed-batcher.ts), so a join storm of 1,000 sockets costs a few
// queries instead of 1,000. The decision itself stays with the policy module (decideCopyAccess).
import type pg from "pg";
import type { CopyState } from "../db/client.ts";
import { BLIND_STATUSES } from "../moderation/blind-facts.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import { decideCopyAccess, type CopyAccess, type CopyAccessFacts } from "./copy-access.ts";
import { KeyedBatcher } from "./keyed-batcher.ts";
import { UUID_PATTERN as UUID } from "../db/uuid-pattern.ts";

interface Row {
  copyId: string;
  graderId: string;
  examId: string;
  state: CopyState;
  questionIds: string[] | null;
  blind: boolean;
}

async function loadFacts(pool: pg.Pool, keys: string[]): Promise<Map<string, CopyAccessFacts | null>> {
  const pairs = keys.map((k) => k.split("|") as [string, string]);
  const { rows } = await pool.query<Row>(
    `SELECT k.copy_id AS "copyId", k.grader_id AS "graderId", c."examId", c.state, a."questionIds"::text[] AS "questionIds",
            (m."markerId" IS NOT NULL) AS blind
       FROM unnest($1::uuid[], $2::uuid[]) AS k(copy_id, grader_id)
       JOIN "Copy" c ON c.id = k.copy_id
       LEFT JOIN "Assignment" a ON a."copyId" = k.copy_id AND a."graderId" = k.grader_id
       LEFT JOIN "SecondMarking" m ON m."copyId" = k.copy_id AND m."markerId" = k.grader_id AND m.status::text = ANY($3::text[])`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1]), [...BLIND_STATUSES]],
  );
  const out = new Map<string, CopyAccessFacts | null>(keys.map((k) => [k, null])); // no row: no such copy
  for (const r of rows) {
    out.set(`${r.copyId}|${r.graderId}`, {
      id: r.copyId,
      examId: r.examId,
      state: r.state,
      assignment: r.questionIds === null ? null : { questionIds: r.questionIds },
      blind: r.blind,
    });
  }
  return out;
}

export class CopyAccessReader {
  readonly #batcher: KeyedBatcher<string, CopyAccessFacts | null>;

  constructor(pool: pg.Pool) {
    this.#batcher = new KeyedBatcher((keys) => loadFacts(pool, keys));
  }

  /** Same answers as loadCopyAccess (NOT_FOUND for a missing or inaccessible copy), batched. */
  async access(actor: Actor, copyId: string): Promise<CopyAccess> {
    authorize(actor, "grading.connect"); // staff only, before any lookup
    if (!UUID.test(copyId) || !UUID.test(actor.id)) return decideCopyAccess(actor, null); // never let one bad id fail a whole batch
    return decideCopyAccess(actor, await this.#batcher.get(`${copyId.toLowerCase()}|${actor.id.toLowerCase()}`));
  }
}
