// A gesture's result written into the copy's doc as the grader's own annotation: one transaction
// tagged LOCAL_ORIGIN (the sync sends it, the undo manager tracks it). The annotation layer commits
// its gestures with it, the desk the strokes written on the early pages (early-pen-handover.ts).
import * as Y from "yjs";
import { annotationsOf, LOCAL_ORIGIN, newAnnotationId } from "../../../collab/index.ts";
import type { Draft } from "./draw-gestures.ts";

/** `before`: told the new annotation's id just before the transaction (the benchmark's timing hook). */
export function commitDraft(doc: Y.Doc, draft: Draft, page: number, author: string, createdAt = Date.now(), before?: (id: string) => void): string {
  const id = newAnnotationId();
  const fields = { ...draft, page, author, createdAt };
  const map = new Y.Map<unknown>(Object.entries(fields).filter(([, v]) => v !== undefined));
  before?.(id);
  doc.transact(() => annotationsOf(doc).set(id, map), LOCAL_ORIGIN);
  return id;
}
