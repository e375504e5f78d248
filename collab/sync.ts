// Sync payloads shared by server and client: the standard Yjs v1 encodings (state
// vectors, updates), so the server can serve a join from stored bytes without a Y.Doc.
import * as Y from "yjs";
import { CollabError } from "./errors.ts";

/** The update of an empty doc (no structs, no deletions); a fresh buffer each call. */
export function emptyUpdate(): Uint8Array {
  return new Uint8Array([0, 0]);
}

export function encodeStateVector(doc: Y.Doc): Uint8Array {
  return Y.encodeStateVector(doc);
}

/** The state vector of stored bytes, e.g. to answer "what do you have?" without a doc. */
export function stateVectorOfState(state: Uint8Array): Uint8Array {
  return Y.encodeStateVectorFromUpdate(state);
}

/** Throws STATE_VECTOR_MALFORMED unless `stateVector` decodes as a Yjs state vector. */
export function assertStateVector(stateVector: Uint8Array): void {
  try {
    if (!(stateVector instanceof Uint8Array)) throw new Error("not bytes");
    Y.decodeStateVector(stateVector);
  } catch (err) {
    throw new CollabError("STATE_VECTOR_MALFORMED", `malformed state vector: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * What a peer with `stateVector` lacks from `state` (null = nothing stored yet): the ack
 * of `copy:join`. Works on bytes only (Y.diffUpdate), no Y.Doc is built.
 */
export function diffFromState(state: Uint8Array | null, stateVector: Uint8Array): Uint8Array {
  assertStateVector(stateVector);
  if (state === null) return emptyUpdate();
  return Y.diffUpdate(state, stateVector);
}

/**
 * Merges updates into one, in any order, duplicates allowed. It keeps deleted content
 * (no GC): fine for batching; use compactState for snapshots.
 */
export function mergeUpdates(updates: readonly Uint8Array[]): Uint8Array {
  if (updates.length === 0) return emptyUpdate();
  if (updates.length === 1) return updates[0] as Uint8Array;
  return Y.mergeUpdates([...updates]);
}

/**
 * Merges updates through a garbage-collected Y.Doc: deleted content (old positions of a
 * moved stroke, erased text) is dropped, so a snapshot stays near the visible size.
 */
export function compactState(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
