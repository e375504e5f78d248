// The annotation authors an update writes, read off its structs before it is applied, so the
// server can hold them to the sender's identity. A map entry's key (`parentSub`) is encoded only
// when the item has no left/right origin; otherwise it is the key of its origin, found in the
// update itself or in the document the update applies to.
import * as Y from "yjs";
import { decodeUpdateSafely } from "./update-apply.ts";

const AUTHOR_FIELD = "author";

type Decoded = NonNullable<ReturnType<typeof decodeUpdateSafely>>;

function keyOf(id: Y.ID | null, own: Map<string, Y.Item>, doc: Y.Doc, depth: number): string | null {
  if (id === null || depth > 64) return null;
  const item = own.get(`${id.client}:${id.clock}`) ?? findInDoc(doc, id);
  if (!item) return null;
  return item.parentSub ?? keyOf(item.origin, own, doc, depth + 1) ?? keyOf(item.rightOrigin, own, doc, depth + 1);
}

function findInDoc(doc: Y.Doc, id: Y.ID): Y.Item | null {
  if (Y.getState(doc.store, id.client) <= id.clock) return null;
  try {
    const s = Y.getItem(doc.store, id);
    return s instanceof Y.Item ? s : null;
  } catch {
    return null;
  }
}

/** Every value the update writes under an `author` key (none for updates that do not decode). `decoded`: decodeUpdateSafely(update), when the caller has it (it is only read). */
export function authorsWritten(doc: Y.Doc, update: Uint8Array, decoded: Decoded | null = decodeUpdateSafely(update)): unknown[] {
  if (decoded === null) return [];
  const own = new Map<string, Y.Item>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) continue;
    // an item of length n covers clocks clock..clock+n-1: map-entry items have length 1
    own.set(`${s.id.client}:${s.id.clock}`, s);
  }
  const out: unknown[] = [];
  for (const s of own.values()) {
    const key = s.parentSub ?? keyOf(s.origin, own, doc, 0) ?? keyOf(s.rightOrigin, own, doc, 0);
    if (key === AUTHOR_FIELD) out.push(...s.content.getContent());
  }
  return out;
}
