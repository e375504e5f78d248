// "Decisions changed" for live statistics: one NOTIFY `copy:decisions` per exam whose copies' rubric
// decisions or scores a commit changed, in that commit's transaction (delivered on commit). The
// supervisor's dashboard recomputes its per-item statistics (realtime/stats-push.ts).
import { EVENTS_CHANNEL } from "../db/events.ts";
import type { Queryable } from "./sql.ts";

export interface DecisionsEvent {
  type: "copy:decisions";
  examId: string;
  /** how many copies of the exam this commit changed */
  copies: number;
}

export async function publishDecisionsChanged(q: Queryable, decided: ReadonlyMap<string, { examId: string }>): Promise<void> {
  if (decided.size === 0) return;
  const perExam = new Map<string, number>();
  for (const d of decided.values()) perExam.set(d.examId, (perExam.get(d.examId) ?? 0) + 1);
  const events = [...perExam].map(([examId, copies]): DecisionsEvent => ({ type: "copy:decisions", examId, copies }));
  await q.query(`SELECT pg_notify($1, e) FROM unnest($2::text[]) AS e`, [EVENTS_CHANNEL, events.map((e) => JSON.stringify(e))]);
}
