// The desk takes the early pages over (early-pen.ts): the strokes written on them become the
// grader's own annotations, committed as a stroke drawn on the desk is (simplified as the desk
// simplifies its strokes, in page units), once the desk may write the copy.
import type * as Y from "yjs";
import { commitDraft } from "./commit-draft.ts";
import { readEarlyStrokes, storeEarlyStrokes, type EarlyStroke } from "./early-pen.ts";
import { PAGE_UNITS, simplifyStroke, type PageFrame } from "./geometry.ts";

/** How many strokes written on the early pages of this copy wait on this device. */
export const earlyStrokesWaiting = (userId: string, copyId: string): number => readEarlyStrokes(userId, copyId).length;

/**
 * Commits the strokes written on the early pages of this copy into `doc` and forgets them; a
 * stroke on a page the copy no longer has is dropped. Returns how many were committed.
 */
export function commitEarlyStrokes(doc: Y.Doc, userId: string, copyId: string, frames: readonly PageFrame[]): number {
  const strokes = readEarlyStrokes(userId, copyId);
  if (strokes.length === 0) return 0;
  storeEarlyStrokes(userId, copyId, []);
  let committed = 0;
  for (const s of strokes) {
    const frame = frames[s.page];
    if (!frame) continue;
    commitDraft(doc, draftOf(s, frame), s.page, userId, s.createdAt);
    committed++;
  }
  return committed;
}

function draftOf(s: EarlyStroke, frame: PageFrame) {
  const units: number[] = [];
  for (let i = 0; i + 1 < s.points.length; i += 2) units.push(s.points[i]! * PAGE_UNITS, s.points[i + 1]! * frame.unitsH);
  const { points, pressures } = simplifyStroke(units, s.pressures ?? [], 0.6);
  const normalized: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) normalized.push(points[i]! / PAGE_UNITS, points[i + 1]! / frame.unitsH);
  return { kind: "pen" as const, points: normalized, color: s.color, width: s.width, ...(s.pressures ? { pressures } : {}) };
}
