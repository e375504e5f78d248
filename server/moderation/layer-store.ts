// Commits to a moderation layer's document: validated like the main document (collab's schema,
// rubric rules, authors from the session), stored in LayerDocUpdate, its decisions projected into
// QuestionDecision under the layer's key — all in one transaction, acknowledged after COMMIT.
// One marker writes a layer, so there is no group commit here: the main path keeps its own.
import type pg from "pg";
import type { UpdateOrigin } from "../../collab/index.ts";
import { CopyValidator } from "../grading/copy-validator.ts";
import { SECOND_LAYER, writeDecisions } from "../grading/decision-projection.ts";
import { loadCopyScaleSpec } from "../grading/exam-scale.ts";
import { GradingError } from "../grading/grading-error.ts";
import { liveSessionsAmong } from "../auth/live-session-sql.ts";
import { sessionClosed } from "../auth/session-revocations.ts";
import { notFound } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import { compactLayer, insertLayerUpdate, readLayerState } from "./layer-rows.ts";
import { lockMarking } from "./marking-lock.ts";

/** Compaction folds a layer once this many updates follow its snapshot. */
export const LAYER_COMPACT_AFTER = 200;

export interface LayerAppendResult {
  readonly seq: number;
  readonly examId: string;
  readonly duplicate: boolean;
}

export async function appendLayerUpdate(
  pool: pg.Pool,
  input: { copyId: string; layer: string; update: Uint8Array; actor: Actor; origin: UpdateOrigin; sessionId?: string },
): Promise<LayerAppendResult> {
  if (input.layer !== SECOND_LAYER) throw notFound("Copy");
  const client = await pool.connect();
  let compact = false;
  try {
    await client.query("BEGIN");
    const locked = await lockMarking(client, input.copyId);
    const marking = { markerId: locked?.marking?.markerId ?? null, status: locked?.marking?.status ?? null };
    if (!locked || !can(input.actor, "layer.view", marking)) throw notFound("Copy");
    if (!can(input.actor, "layer.write", marking)) throw new GradingError("COPY_READ_ONLY", "This second marking is finalized or withdrawn: read-only");
    if (input.sessionId !== undefined && (await client.query(liveSessionsAmong("$1"), [[input.sessionId]])).rowCount === 0) {
      throw sessionClosed(); // revoked before this node heard of it
    }
    const scale = await loadCopyScaleSpec(client, locked.examId, locked.variant);
    const stored = await readLayerState(client, input.copyId, input.layer);
    const validator = new CopyValidator(stored.state, scale, locked.pageCount > 0 ? locked.pageCount : undefined);
    try {
      const outcome = validator.apply(input.update, input.origin, null, input.actor.id);
      if (!outcome.ok) throw new GradingError(outcome.code, outcome.message);
      if (outcome.duplicate) {
        await client.query("COMMIT");
        return { seq: stored.seq, examId: locked.examId, duplicate: true };
      }
      const seq = await insertLayerUpdate(client, {
        copyId: input.copyId,
        layer: input.layer,
        data: input.update,
        authorId: input.actor.id,
        summary: outcome.summary,
      });
      // never the main layer's rows; a DONE layer is read-only (layer.write), so no reconciliation to refresh here
      if (outcome.scored) await writeDecisions(client, new Map([[input.copyId, validator.decisions()]]), input.layer);
      await client.query("COMMIT"); // ack after commit: the client treats the ack as saved
      compact = stored.rowsSinceSnapshot + 1 >= LAYER_COMPACT_AFTER;
      return { seq, examId: locked.examId, duplicate: false };
    } finally {
      validator.destroy();
    }
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
    if (compact) void compactLayer(pool, input.copyId, input.layer).catch(() => {}); // the next append asks again
  }
}
