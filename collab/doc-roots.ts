// Typed access to the four top-level types of a copy doc.
import type * as Y from "yjs";
import { ANNOTATIONS_KEY, COMMENTS_KEY, GENERAL_KEY, SCORES_KEY } from "./schema.ts";

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
