// A copy's history as the desk reads it (server/history, docs/history.md).
import { historyApi as api } from "../../../collab/contract/api/history.ts";
import { call } from "./call.ts";

export type { HistoryAuthor, HistoryChange, Timeline, WhoSet } from "../../../collab/contract/api/history.ts";

export const fetchTimeline = (copyId: string, author?: string) => call(api.timeline, { params: { id: copyId }, query: author ? { author } : {} });

/** The document at one change, as Yjs bytes the desk draws like the live one. */
export async function fetchStateAt(copyId: string, seq: number): Promise<{ seq: number; at: string; state: Uint8Array }> {
  const r = await call(api.stateAt, { params: { id: copyId }, query: { seq, format: "yjs" } });
  return { seq: r.seq, at: r.at, state: Uint8Array.from(atob(r.state ?? ""), (c) => c.charCodeAt(0)) };
}

export const fetchWhoSet = (copyId: string, questionId: string) => call(api.whoSet, { params: { id: copyId }, query: { question: questionId } });
