// Rebuilds the QuestionDecision projection of copies from their stored documents: at start-up for
// the copies stored before the projection existed (DecisionBackfill rows), and for rows written
// around the DocStore (restores, test factories, benchmarks seeding documents directly).
import type pg from "pg";
import type { Logger } from "pino";
import * as Y from "yjs";
import { readDecisions, type CopyDecisions } from "../../collab/index.ts";
import { writeDecisions } from "./decision-projection.ts";
import { DocStateCache } from "./doc-state-cache.ts";
import { loadStates } from "./doc-state-loader.ts";
import type { Queryable } from "./sql.ts";

const BATCH = 200;

function decisionsOf(state: Uint8Array | null): CopyDecisions {
  const doc = new Y.Doc();
  try {
    if (state) Y.applyUpdate(doc, state);
    return readDecisions(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Projects these copies from their stored documents. Run it in a transaction that holds their
 * Copy rows (FOR NO KEY UPDATE, like the commit path) when updates may be committed meanwhile.
 */
export async function projectCopies(q: Queryable, copyIds: readonly string[]): Promise<void> {
  for (let i = 0; i < copyIds.length; i += BATCH) {
    const batch = copyIds.slice(i, i + BATCH);
    const states = await loadStates(q, batch, new DocStateCache());
    await writeDecisions(q, new Map(batch.map((id) => [id, decisionsOf(states.get(id)?.state ?? null)])));
  }
}

/** Works through DecisionBackfill in batches; several processes may run it at once (SKIP LOCKED). Returns the copies projected. */
export async function backfillDecisions(pool: pg.Pool, log?: Logger): Promise<number> {
  let done = 0;
  for (;;) {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const { rows } = await client.query<{ copyId: string }>(
        `SELECT b."copyId" FROM "DecisionBackfill" b JOIN "Copy" c ON c.id = b."copyId"
          ORDER BY b."copyId" LIMIT ${BATCH} FOR NO KEY UPDATE OF c SKIP LOCKED`,
      );
      if (rows.length === 0) {
        await client.query(`DELETE FROM "DecisionBackfill" b WHERE NOT EXISTS (SELECT 1 FROM "Copy" c WHERE c.id = b."copyId")`);
        await client.query("COMMIT");
        break;
      }
      await projectCopies(
        client,
        rows.map((r) => r.copyId),
      );
      await client.query("COMMIT");
      done += rows.length;
    } catch (e) {
      await client.query("ROLLBACK").catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  }
  if (done > 0) log?.info({ copies: done }, "rubric decisions projected from stored documents");
  return done;
}
