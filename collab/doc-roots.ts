// Typed access to the top-level types of a copy doc, per layer (the default layer: bare names).
import type * as Y from "yjs";
import {
  ADJUST_KEY, ANNOTATIONS_KEY, CHECKED_KEY, COMMENTS_KEY, DEFAULT_LAYER, GENERAL_KEY, ITEMS_KEY, SCORES_KEY, layerRoot, type Adjustment,
} from "./schema.ts";

export function annotationsOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<Y.Map<unknown>> {
  return doc.getMap(layerRoot(layer, ANNOTATIONS_KEY));
}

export function scoresOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<number | null> {
  return doc.getMap(layerRoot(layer, SCORES_KEY));
}

export function commentsOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<string> {
  return doc.getMap(layerRoot(layer, COMMENTS_KEY));
}

export function generalOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Text {
  return doc.getText(layerRoot(layer, GENERAL_KEY));
}

/** "<questionId>|<itemId>" → the item's revision when applied */
export function itemsOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<number> {
  return doc.getMap(layerRoot(layer, ITEMS_KEY));
}

export function adjustOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<Adjustment> {
  return doc.getMap(layerRoot(layer, ADJUST_KEY));
}

export function checkedOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<true> {
  return doc.getMap(layerRoot(layer, CHECKED_KEY));
}

/** The decision roots of a layer, e.g. for an UndoManager or an observer. */
export function decisionTypesOf(doc: Y.Doc, layer = DEFAULT_LAYER): Y.Map<unknown>[] {
  return [scoresOf(doc, layer), itemsOf(doc, layer), adjustOf(doc, layer), checkedOf(doc, layer)] as Y.Map<unknown>[];
}
