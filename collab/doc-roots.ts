// Typed access to the top-level types of a copy doc.
import type * as Y from "yjs";
import { ADJUST_KEY, ANNOTATIONS_KEY, CHECKED_KEY, COMMENTS_KEY, GENERAL_KEY, ITEMS_KEY, SCORES_KEY, type Adjustment } from "./schema.ts";

export function annotationsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ANNOTATIONS_KEY);
}

export function scoresOf(doc: Y.Doc): Y.Map<number | null> {
  return doc.getMap(SCORES_KEY);
}

export function commentsOf(doc: Y.Doc): Y.Map<string> {
  return doc.getMap(COMMENTS_KEY);
}

export function generalOf(doc: Y.Doc): Y.Text {
  return doc.getText(GENERAL_KEY);
}

/** "<questionId>|<itemId>" → the item's revision when applied */
export function itemsOf(doc: Y.Doc): Y.Map<number> {
  return doc.getMap(ITEMS_KEY);
}

export function adjustOf(doc: Y.Doc): Y.Map<Adjustment> {
  return doc.getMap(ADJUST_KEY);
}

export function checkedOf(doc: Y.Doc): Y.Map<true> {
  return doc.getMap(CHECKED_KEY);
}

/** The roots holding decisions on questions, e.g. for an UndoManager or an observer. */
export function decisionTypesOf(doc: Y.Doc): Y.Map<unknown>[] {
  return [scoresOf(doc), itemsOf(doc), adjustOf(doc), checkedOf(doc)] as Y.Map<unknown>[];
}
