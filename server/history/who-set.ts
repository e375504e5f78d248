// "Who set 3.a to 2": the last stored change touching a question, its author, time and origin,
// and the question's mark just before and just after it.
import type { Db } from "../db/client.ts";
import type { Queryable } from "../grading/sql.ts";
import type { HistoryCopy } from "./history-access.ts";
import { stateAt } from "./seek.ts";
import { loadTimeline, type TimelineEntry } from "./timeline.ts";

export interface WhoSet {
  readonly questionId: string;
  /** null: nobody ever changed this question */
  readonly change: (TimelineEntry & { author: { id: string; displayName: string; role: string } | null }) | null;
  readonly before: number | null;
  readonly after: number | null;
  /** changes to this question in all */
  readonly changes: number;
}

export async function whoSet(db: Db, pool: Queryable, copy: HistoryCopy, questionId: string): Promise<WhoSet> {
  const timeline = await loadTimeline(db, pool, copy, { question: questionId });
  const last = timeline.changes[timeline.changes.length - 1];
  if (!last) return { questionId, change: null, before: null, after: null, changes: 0 };
  const [before, after] = await Promise.all([stateAt(db, pool, copy, last.seq - 1), stateAt(db, pool, copy, last.seq)]);
  const markOf = (s: { marks: typeof after.marks }) => s.marks.marks.find((m) => m.questionId === questionId)?.score ?? null;
  const author = timeline.authors.find((a) => a.id === last.by) ?? null;
  return { questionId, change: { ...last, author }, before: markOf(before), after: markOf(after), changes: timeline.changes.length };
}
