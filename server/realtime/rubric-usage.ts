// Item usage counts per question, live on the desks of an exam: how many copies each rubric item
// is applied on, read from the decisions projection (QuestionDecision, one query). A desk asks for
// them when it opens (`rubric:usage`); then an exam where an update changed a decision gets fresh counts
// pushed to its desk room at most once a second (through the adapter: every node's desks).
import type { GradingNamespace } from "./grading-io.ts";
import type { Queryable } from "../grading/sql.ts";
import { deskRoom } from "./rooms.ts";

/** question id → item id → number of copies (the copies' own layer) */
export type ItemUsage = Record<string, Record<string, number>>;

export async function itemUsage(q: Queryable, examId: string): Promise<ItemUsage> {
  const { rows } = await q.query<{ questionId: string; itemId: string; n: number }>(
    `SELECT d."questionId", i.item AS "itemId", count(*)::int AS n
       FROM "QuestionDecision" d JOIN "Copy" c ON c.id = d."copyId"
            CROSS JOIN LATERAL unnest(d.items) AS i(item)
      WHERE c."examId" = $1::uuid AND d.layer = ''
      GROUP BY d."questionId", i.item`,
    [examId],
  );
  const out: ItemUsage = {};
  for (const r of rows) (out[r.questionId] ??= {})[r.itemId] = r.n;
  return out;
}

export class RubricUsagePush {
  readonly #pending = new Set<string>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly nsp: GradingNamespace,
    private readonly q: Queryable,
    private readonly onError: (e: unknown) => void,
    intervalMs = 1000,
  ) {
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  /** A document of the exam changed here. */
  note(examId: string): void {
    this.#pending.add(examId);
  }

  async flush(): Promise<void> {
    const exams = [...this.#pending];
    this.#pending.clear();
    for (const examId of exams) {
      try {
        this.nsp.to(deskRoom(examId)).emit("rubric:usage", { examId, usage: await itemUsage(this.q, examId) });
      } catch (e) {
        this.onError(e);
      }
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
