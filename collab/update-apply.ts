// Applies an untrusted Yjs v1 update to a doc without ever throwing, and refuses an update
// whose dependencies are missing.
//
// Missing dependencies: Yjs keeps structs whose origin or left/right neighbour it has not
// seen yet as "pending" (store.pendingStructs / pendingDs) and applies them silently when
// the dependency arrives. Here we refuse such an update (UPDATE_MISSING_DEPS) instead of
// storing it: the server only broadcasts committed updates, so an honest client can only
// depend on what the server has — or on one of its own updates that was refused, in which
// case this one must be refused too. A stored pending struct would also escape validation
// (it is invisible until integrated). The check is exact: every struct and every deletion
// the update carries must be covered by the doc's state vector once it is applied.
import * as Y from "yjs";

export type ApplyRefusal = { ok: false; code: "UPDATE_MALFORMED" | "UPDATE_MISSING_DEPS" | "UPDATE_EMPTY" | "UPDATE_V2_UNSUPPORTED"; message: string };
export type ApplyResult = { ok: true } | ApplyRefusal;

/** An update's structs and deletions, decoded without applying (Y.decodeUpdate). */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;
type Decoded = DecodedUpdate;

function malformed(message: string): ApplyRefusal {
  return { ok: false, code: "UPDATE_MALFORMED", message };
}

function v2Refusal(): ApplyRefusal {
  return {
    ok: false,
    code: "UPDATE_V2_UNSUPPORTED",
    message: 'this is a Yjs v2 update; send the v1 encoding (Y.encodeStateAsUpdate, the doc\'s "update" event)',
  };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Decodes without applying; null when the bytes are not a Yjs v1 update. */
export function decodeUpdateSafely(update: Uint8Array): Decoded | null {
  try {
    return Y.decodeUpdate(update);
  } catch {
    return null;
  }
}

/** A v2 update read as v1 decodes to nothing: tell that sender which encoding we take. */
function looksLikeV2(update: Uint8Array): boolean {
  try {
    const d = Y.decodeUpdateV2(update);
    return d.structs.length > 0 || d.ds.clients.size > 0;
  } catch {
    return false;
  }
}

function hasAbsurdIds(decoded: Decoded): boolean {
  for (const struct of decoded.structs) {
    if (!Number.isSafeInteger(struct.id.clock + struct.length) || struct.length < 0) return true;
  }
  for (const deletes of decoded.ds.clients.values()) {
    for (const d of deletes) if (!Number.isSafeInteger(d.clock + d.len)) return true;
  }
  return false;
}

/** Names the first struct or deletion of `decoded` that the doc could not integrate. */
function firstMissingDependency(doc: Y.Doc, decoded: Decoded): string | null {
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue;
    const { client, clock } = struct.id;
    if (Y.getState(doc.store, client) < clock + struct.length) return `struct ${client}:${clock}`;
  }
  for (const [client, deletes] of decoded.ds.clients) {
    for (const d of deletes) {
      if (Y.getState(doc.store, client) < d.clock + d.len) return `deletion ${client}:${d.clock}`;
    }
  }
  return null;
}

/**
 * Decodes and applies `update` to `doc`. On a refusal the doc may hold part of the update
 * (or pending structs): the caller must throw the doc away. `decoded`: decodeUpdateSafely(update)
 * when the caller has it already (it is only read).
 */
export function applyUntrustedUpdate(doc: Y.Doc, update: Uint8Array, origin: unknown, decodedAlready?: Decoded | null): ApplyResult {
  if (!(update instanceof Uint8Array) || update.length === 0) return malformed("an update must be non-empty bytes");
  const decoded = decodedAlready === undefined ? decodeUpdateSafely(update) : decodedAlready;
  if (decoded === null) return looksLikeV2(update) ? v2Refusal() : malformed("not a Yjs v1 update");
  // an update with neither structs nor deletions would be acked as saved while storing nothing
  if (decoded.structs.length === 0 && decoded.ds.clients.size === 0) {
    if (looksLikeV2(update)) return v2Refusal();
    return { ok: false, code: "UPDATE_EMPTY", message: "the update carries no content (no insertion, no deletion)" };
  }
  if (hasAbsurdIds(decoded)) return malformed("struct ids out of range");
  try {
    Y.applyUpdate(doc, update, origin);
  } catch (err) {
    return malformed(`the update does not apply: ${errorText(err)}`);
  }
  const missing = firstMissingDependency(doc, decoded);
  if (missing !== null) {
    return { ok: false, code: "UPDATE_MISSING_DEPS", message: `depends on content the document lacks (${missing}); resync by state vector` };
  }
  return { ok: true };
}
