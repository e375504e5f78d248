// The incremental variant of validateUpdate: keeps the doc in memory (e.g. a server-side
// cache per open copy) and, for each update, checks only the entries the update touched
// (Yjs reports them in transaction.changed). Since the doc was valid before, it stays
// valid as a whole. A refused update is undone by rebuilding the doc from the last
// accepted bytes. Same results as validateUpdate (property-tested), at O(update) cost.
import * as Y from "yjs";
import { checkContext, checkTouched, checkWholeDoc, type CheckContext } from "./doc-check.ts";
import { CollabError } from "./errors.ts";
import { remoteOrigin } from "./origin.ts";
import type { ScaleSpec } from "./scale.ts";
import { newTouched, watchTouched, type Touched } from "./touched.ts";
import { applyUntrustedUpdate, type DecodedUpdate } from "./update-apply.ts";
import { DEFAULT_MAX_DOC_BYTES, DEFAULT_MAX_UPDATE_BYTES, loadState, refuse, type ValidateOptions, type ValidationResult } from "./validate-update.ts";

export class ValidatedCopyDoc {
  #doc: Y.Doc;
  #base: Uint8Array | null;
  #accepted: Uint8Array[] = [];
  #approxBytes: number;
  #touched: Touched | null = null;
  readonly #ctx: CheckContext;
  readonly #maxUpdateBytes: number;
  readonly #maxDocBytes: number;

  /** Throws STATE_CORRUPT when the stored state does not decode or breaks the schema. */
  static load(state: Uint8Array | null, scale: ScaleSpec, opts: Omit<ValidateOptions, "withNextState"> = {}): ValidatedCopyDoc {
    return new ValidatedCopyDoc(state, checkContext(scale, opts.pageCount), opts);
  }

  private constructor(state: Uint8Array | null, ctx: CheckContext, opts: ValidateOptions) {
    this.#ctx = ctx;
    this.#maxUpdateBytes = opts.maxUpdateBytes ?? DEFAULT_MAX_UPDATE_BYTES;
    this.#maxDocBytes = opts.maxDocBytes ?? DEFAULT_MAX_DOC_BYTES;
    this.#base = state;
    this.#approxBytes = state?.length ?? 0;
    this.#doc = this.#build();
    const violation = checkWholeDoc(this.#doc, ctx);
    if (violation !== null) throw new CollabError("STATE_CORRUPT", violation.message, violation.path);
  }

  /** The validated doc: read it, never write to it (writes bypass validation). */
  get doc(): Y.Doc {
    return this.#doc;
  }

  /** The accepted state, garbage-collected, in Yjs v1 encoding. */
  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.#doc);
  }

  /** `decoded`: decodeUpdateSafely(update), when the caller decoded it already (e.g. to read its authors). */
  tryApply(update: Uint8Array, origin: unknown = remoteOrigin(), decoded?: DecodedUpdate | null): ValidationResult {
    if (!(update instanceof Uint8Array)) return refuse("UPDATE_MALFORMED", "an update must be bytes");
    if (update.length > this.#maxUpdateBytes) {
      return refuse("UPDATE_TOO_LARGE", `update of ${update.length} bytes exceeds ${this.#maxUpdateBytes}`);
    }
    this.#touched = newTouched();
    try {
      const applied = applyUntrustedUpdate(this.#doc, update, origin, decoded);
      if (!applied.ok) return this.#rollback(refuse(applied.code, applied.message));
      const violation = checkTouched(this.#doc, this.#touched, this.#ctx);
      if (violation !== null) return this.#rollback(refuse(violation.code ?? "SCHEMA_VIOLATION", violation.message, violation.path));
      return this.#accept(update);
    } catch (err) {
      return this.#rollback(refuse("UPDATE_MALFORMED", `update could not be checked: ${err instanceof Error ? err.message : String(err)}`));
    } finally {
      this.#touched = null;
    }
  }

  destroy(): void {
    this.#doc.destroy();
  }

  #accept(update: Uint8Array): ValidationResult {
    if (this.#approxBytes + update.length <= this.#maxDocBytes / 2) {
      this.#accepted.push(update);
      this.#approxBytes += update.length;
      return { ok: true };
    }
    const state = this.encodeState();
    if (state.length > this.#maxDocBytes) {
      return this.#rollback(refuse("DOC_TOO_LARGE", `document would reach ${state.length} bytes, over ${this.#maxDocBytes}`));
    }
    this.#base = state; // compact: the accepted list restarts from the encoded state
    this.#accepted = [];
    this.#approxBytes = state.length;
    return { ok: true };
  }

  #rollback(refusal: ValidationResult & { ok: false }): ValidationResult {
    this.#doc.destroy();
    this.#doc = this.#build();
    return refusal;
  }

  #build(): Y.Doc {
    const doc = loadState(this.#base);
    for (const update of this.#accepted) Y.applyUpdate(doc, update);
    watchTouched(doc, () => this.#touched);
    return doc;
  }
}
