// Checks an incoming update before it is stored: size cap, decodes, dependencies present,
// the WHOLE resulting doc is well-formed and what the update touched satisfies the rules of
// the moment (doc-check.ts). Pure function of bytes:
// the server needs no long-lived Y.Doc. Yjs v1 encoding only.
// Cost: one Y.Doc built from currentState per call, O(doc). See validated-doc.ts for a
// variant that keeps the doc and checks only what an update touched.
import * as Y from "yjs";
import type { DecisionRefusalCode } from "./annotation-read.ts";
import { checkContext, checkTouched, checkWholeDoc } from "./doc-check.ts";
import { CollabError } from "./errors.ts";
import { remoteOrigin } from "./origin.ts";
import type { ScaleSpec } from "./scale.ts";
import { newTouched, watchTouched } from "./touched.ts";
import { applyUntrustedUpdate } from "./update-apply.ts";

export const DEFAULT_MAX_UPDATE_BYTES = 256 * 1024;
export const DEFAULT_MAX_DOC_BYTES = 8 * 1024 * 1024;

export type UpdateRefusalCode =
  | "UPDATE_TOO_LARGE"
  | "UPDATE_MALFORMED"
  /** neither insertion nor deletion: nothing would be stored, yet the sender would see "saved" */
  | "UPDATE_EMPTY"
  /** the Yjs v2 encoding: only v1 is taken */
  | "UPDATE_V2_UNSUPPORTED"
  /** depends on structs the doc lacks: the client should resync by state vector */
  | "UPDATE_MISSING_DEPS"
  | "SCHEMA_VIOLATION"
  | DecisionRefusalCode
  | "DOC_TOO_LARGE";

export type UpdateRefusal = { ok: false; code: UpdateRefusalCode; message: string; path?: string };
export type ValidationResult = { ok: true; nextState?: Uint8Array } | UpdateRefusal;

export interface ValidateOptions {
  maxUpdateBytes?: number;
  maxDocBytes?: number;
  /** pages of the copy: annotation pages must be below it */
  pageCount?: number;
  /** return the merged, garbage-collected state of the doc as `nextState` */
  withNextState?: boolean;
}

export function refuse(code: UpdateRefusalCode, message: string, path?: string): UpdateRefusal {
  return path === undefined ? { ok: false, code, message } : { ok: false, code, message, path };
}

/** Builds a doc from a stored state; the store is trusted, so a failure is a server bug. */
export function loadState(state: Uint8Array | null): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  if (state === null) return doc;
  try {
    Y.applyUpdate(doc, state);
  } catch (err) {
    doc.destroy();
    throw new CollabError("STATE_CORRUPT", `stored state does not decode: ${err instanceof Error ? err.message : String(err)}`);
  }
  return doc;
}

export function validateUpdate(currentState: Uint8Array | null, update: Uint8Array, scale: ScaleSpec, opts: ValidateOptions = {}): ValidationResult {
  const maxUpdateBytes = opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
  const maxDocBytes = opts.maxDocBytes ?? DEFAULT_MAX_DOC_BYTES;
  if (!(update instanceof Uint8Array)) return refuse("UPDATE_MALFORMED", "an update must be bytes");
  if (update.length > maxUpdateBytes) {
    return refuse("UPDATE_TOO_LARGE", `update of ${update.length} bytes exceeds ${maxUpdateBytes}`);
  }
  const doc = loadState(currentState);
  const touched = newTouched();
  const unwatch = watchTouched(doc, () => touched);
  try {
    const applied = applyUntrustedUpdate(doc, update, remoteOrigin());
    unwatch();
    if (!applied.ok) return refuse(applied.code, applied.message);
    const ctx = checkContext(scale, opts.pageCount);
    const violation = checkWholeDoc(doc, ctx) ?? checkTouched(doc, touched, ctx);
    if (violation !== null) return refuse(violation.code ?? "SCHEMA_VIOLATION", violation.message, violation.path);
    // the merged state is about the size of its inputs (item splits add a few bytes, GC
    // removes some): encode it only when it could come near the cap
    const inputBytes = (currentState?.length ?? 0) + update.length;
    if (inputBytes <= maxDocBytes / 2 && opts.withNextState !== true) return { ok: true };
    const nextState = Y.encodeStateAsUpdate(doc);
    if (nextState.length > maxDocBytes) {
      return refuse("DOC_TOO_LARGE", `document would reach ${nextState.length} bytes, over ${maxDocBytes}`);
    }
    return opts.withNextState === true ? { ok: true, nextState } : { ok: true };
  } catch (err) {
    // the checks themselves should not throw; if a crafted doc makes them, refuse, never crash
    return refuse("UPDATE_MALFORMED", `update could not be checked: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    doc.destroy();
  }
}
