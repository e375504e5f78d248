// The incremental variant of validateUpdate: keeps the doc in memory (e.g. a server-side
// cache per open copy) and, for each update, checks only the entries the update touched
// (Yjs reports them in transaction.changed). Since the doc was valid before, it stays
// valid as a whole. A refused update is undone by rebuilding the doc from the last
// accepted bytes. Same results as validateUpdate (property-tested), at O(update) cost.
import * as Y from "yjs";
import type { SharedType, Violation } from "./annotation-read.ts";
import { hasLiveListContent } from "./annotation-read.ts";
import {
  checkAnnotation, checkComment, checkContext, checkGeneral, checkScore, checkUnknownRoot, checkWholeDoc, type CheckContext,
} from "./doc-check.ts";
import { CollabError } from "./errors.ts";
import { remoteOrigin } from "./origin.ts";
import type { ScaleSpec } from "./scale.ts";
import { ANNOTATIONS_KEY, COMMENTS_KEY, GENERAL_KEY, SCORES_KEY } from "./schema.ts";
import { applyUntrustedUpdate } from "./update-apply.ts";
import {
  DEFAULT_MAX_DOC_BYTES, DEFAULT_MAX_UPDATE_BYTES, loadState, refuse, type ValidateOptions, type ValidationResult,
} from "./validate-update.ts";

/** What a transaction changed: root name → keys changed under it (null: list content). */
interface Touched {
  roots: Map<string, Set<string | null>>;
  /** set when a change could not be located: fall back to checking everything */
  wholeDoc: boolean;
}

function recordChange(touched: Touched, type: SharedType, keys: Set<string | null>): void {
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

const ENTRY_CHECKS: Record<string, typeof checkAnnotation> = {
  [ANNOTATIONS_KEY]: checkAnnotation,
  [SCORES_KEY]: checkScore,
  [COMMENTS_KEY]: checkComment,
};

function checkRoot(doc: Y.Doc, root: string, keys: Set<string | null>, ctx: CheckContext): Violation | null {
  const type = doc.share.get(root);
  if (type === undefined) return null;
  if (root === GENERAL_KEY) return checkGeneral(doc.getText(GENERAL_KEY));
  const checkEntry = Object.hasOwn(ENTRY_CHECKS, root) ? ENTRY_CHECKS[root] : undefined;
  if (checkEntry === undefined) return checkUnknownRoot(root, type);
  const map = doc.getMap<unknown>(root);
  for (const key of keys) {
    if (key === null && hasLiveListContent(map)) return { path: root, message: `${root} is a map: no list content` };
    const violation = key === null ? null : checkEntry(map, key, ctx);
    if (violation !== null) return violation;
  }
  return null;
}

function checkTouched(doc: Y.Doc, touched: Touched, ctx: CheckContext): Violation | null {
  if (touched.wholeDoc) return checkWholeDoc(doc, ctx);
  for (const [root, keys] of touched.roots) {
    const violation = checkRoot(doc, root, keys, ctx);
    if (violation !== null) return violation;
  }
  return null;
}

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

  tryApply(update: Uint8Array, origin: unknown = remoteOrigin()): ValidationResult {
    if (!(update instanceof Uint8Array)) return refuse("UPDATE_MALFORMED", "an update must be bytes");
    if (update.length > this.#maxUpdateBytes) {
      return refuse("UPDATE_TOO_LARGE", `update of ${update.length} bytes exceeds ${this.#maxUpdateBytes}`);
    }
    this.#touched = { roots: new Map(), wholeDoc: false };
    try {
      const applied = applyUntrustedUpdate(this.#doc, update, origin);
      if (!applied.ok) return this.#rollback(refuse(applied.code, applied.message));
      const violation = checkTouched(this.#doc, this.#touched, this.#ctx);
      if (violation !== null) return this.#rollback(refuse("SCHEMA_VIOLATION", violation.message, violation.path));
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
    doc.on("afterTransaction", (tr: Y.Transaction) => {
      if (this.#touched === null) return;
      for (const [type, keys] of tr.changed) recordChange(this.#touched, type, keys);
    });
    return doc;
  }
}
