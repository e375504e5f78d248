// A copy's history as the desk reads it (server/history, docs/history.md).
import { get } from "./http.ts";

export interface HistoryChange {
  seq: number;
  at: string;
  by: string | null;
  /** desk | question | reopen */
  origin: string;
  q: string[];
  k: string[];
  a: string[];
  r: number | null;
}

export interface HistoryAuthor {
  id: string;
  displayName: string;
  role: string;
}

export interface Timeline {
  copyId: string;
  createdAt: string;
  authors: HistoryAuthor[];
  changes: HistoryChange[];
}

export interface WhoSet {
  questionId: string;
  change: (HistoryChange & { author: HistoryAuthor | null }) | null;
  before: number | null;
  after: number | null;
  changes: number;
}

export function fetchTimeline(copyId: string, author?: string): Promise<Timeline> {
  return get<Timeline>(`/api/copies/${encodeURIComponent(copyId)}/history${author ? `?author=${encodeURIComponent(author)}` : ""}`);
}

/** The document at one change, as Yjs bytes the desk draws like the live one. */
export async function fetchStateAt(copyId: string, seq: number): Promise<{ seq: number; at: string; state: Uint8Array }> {
  const r = await get<{ seq: number; at: string; state: string }>(`/api/copies/${encodeURIComponent(copyId)}/history/state?seq=${seq}&format=yjs`);
  return { seq: r.seq, at: r.at, state: Uint8Array.from(atob(r.state), (c) => c.charCodeAt(0)) };
}

export function fetchWhoSet(copyId: string, questionId: string): Promise<WhoSet> {
  return get<WhoSet>(`/api/copies/${encodeURIComponent(copyId)}/history/who?question=${encodeURIComponent(questionId)}`);
}
