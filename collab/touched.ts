// Records what the transactions on a doc changed, per root: the keys set or deleted (a null key
// stands for list content). The validators check exactly these entries strictly.
import * as Y from "yjs";
import type { SharedType } from "./annotation-read.ts";

export interface Touched {
  roots: Map<string, Set<string | null>>;
  /** set when a change could not be located: fall back to checking everything */
  wholeDoc: boolean;
}

export function newTouched(): Touched {
  return { roots: new Map(), wholeDoc: false };
}

export function recordChange(touched: Touched, type: SharedType, keys: Set<string | null>): void {
  let top = type;
  let key: string | null = null;
  while (top._item !== null) {
    key = top._item.parentSub;
    const parent: unknown = top._item.parent;
    if (!(parent instanceof Y.AbstractType)) {
      touched.wholeDoc = true;
      return;
    }
    top = parent;
  }
  const root = Y.findRootTypeKey(top);
  const set = touched.roots.get(root) ?? new Set<string | null>();
  touched.roots.set(root, set);
  if (top === type) for (const k of keys) set.add(k);
  else set.add(key);
}

/** Records into `touched` for as long as it is the current target; returns the detach function. */
export function watchTouched(doc: Y.Doc, target: () => Touched | null): () => void {
  const listener = (tr: Y.Transaction) => {
    const touched = target();
    if (touched === null) return;
    for (const [type, keys] of tr.changed) recordChange(touched, type, keys);
  };
  doc.on("afterTransaction", listener);
  return () => doc.off("afterTransaction", listener);
}
