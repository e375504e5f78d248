// Factories for moderation tests: a double-marked copy as the second marking's finalize leaves it —
// the first marking (copy document, frozen, and its QuestionDecision rows), a SecondMarking DONE
// and the second layer's QuestionDecision rows — then the reconciliation refreshed, as finalize does.
import pg from "pg";
import type { CopyDecisions } from "../../collab/index.ts";
import { MAIN_LAYER, SECOND_LAYER, writeDecisions } from "../../server/grading/decision-projection.ts";
import { inTransaction } from "../../server/moderation/pg-transaction.ts";
import { refreshReconciliations } from "../../server/moderation/reconcile-refresh.ts";
import type { TestDatabase } from "./test-db.ts";
import { createScoredCopy, type CopySpec } from "./supervision-factories.ts";

export const decisionsOf = (scores: Record<string, number | null>): CopyDecisions => ({ scores, items: {}, adjust: {}, checked: [] });

export interface DoubleMarkedSpec extends CopySpec {
  /** the first marking's scores (the copy document) */
  scores: Record<string, number | null>;
  second: Record<string, number | null>;
  firstMarkerId: string;
  secondMarkerId: string;
  /** the second marking's status (DONE unless said) */
  status?: "WAITING" | "GRADING" | "DONE" | "CANCELLED";
}

export class ModerationFixture {
  readonly pool: pg.Pool;

  constructor(
    readonly tdb: TestDatabase,
    readonly media: string,
  ) {
    this.pool = new pg.Pool({ connectionString: tdb.url, max: 3 });
  }

  async copy(examId: string, spec: DoubleMarkedSpec) {
    const copy = await createScoredCopy(this.tdb.db, this.media, examId, { finalizedById: spec.firstMarkerId, ...spec });
    await inTransaction(this.pool, async (q) => {
      await writeDecisions(q, new Map([[copy.id, decisionsOf(spec.scores)]]), MAIN_LAYER);
      await q.query(
        `INSERT INTO "SecondMarking" ("copyId", "firstMarkerId", "markerId", status, "finalizedAt") VALUES ($1::uuid, $2::uuid, $3::uuid, $4::"SecondMarkingStatus", now())`,
        [copy.id, spec.firstMarkerId, spec.secondMarkerId, spec.status ?? "DONE"],
      );
      await writeDecisions(q, new Map([[copy.id, decisionsOf(spec.second)]]), SECOND_LAYER);
      await refreshReconciliations(q, [copy.id]);
    });
    return copy;
  }

  /** A layer's decisions rewritten (a marking reopened and changed), then the reconciliation refreshed. */
  async rewrite(copyId: string, layer: typeof MAIN_LAYER | typeof SECOND_LAYER, scores: Record<string, number | null>): Promise<void> {
    await inTransaction(this.pool, async (q) => {
      await writeDecisions(q, new Map([[copyId, decisionsOf(scores)]]), layer);
      await refreshReconciliations(q, [copyId]);
    });
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
