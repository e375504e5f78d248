// Validates a run of updates against one copy's state: collab's ValidatedCopyDoc (schema,
// sizes, dependencies, O(update) per update) plus two checks of ours, read off the Yjs
// transaction the update makes: which questions it changes (question-range dispatch) and
// whether it changes anything at all (a resent update is acknowledged, not stored twice).
import * as Y from "yjs";
import {
  COMMENTS_KEY, mergeUpdates, SCORES_KEY, ValidatedCopyDoc, type ScaleSpec, type UpdateOrigin, type UpdateRefusal,
} from "../../collab/index.ts";

export type ApplyOutcome = { ok: true; duplicate: boolean } | (Omit<UpdateRefusal, "code"> & { code: UpdateRefusal["code"] | "SCOPE" });

interface Seen {
  fired: boolean;
  changed: boolean;
  questions: Set<string>;
}

function watch(doc: Y.Doc): { seen: Seen; stop(): void } {
  const seen: Seen = { fired: false, changed: false, questions: new Set() };
  const onTransaction = (tr: Y.Transaction) => {
    seen.fired = true;
    if (tr.deleteSet.clients.size > 0) seen.changed = true;
    for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) seen.changed = true;
    for (const [type, keys] of tr.changed) {
      if (type._item !== null) continue; // nested: an annotation's fields, never a question
      const root = Y.findRootTypeKey(type);
      if (root !== SCORES_KEY && root !== COMMENTS_KEY) continue;
      for (const key of keys) if (key !== null) seen.questions.add(key);
    }
  };
  doc.on("afterTransaction", onTransaction);
  return { seen, stop: () => doc.off("afterTransaction", onTransaction) };
}

export class CopyValidator {
  #doc: ValidatedCopyDoc;
  #accepted: Uint8Array[] = [];
  #changed = false;

  /** Throws CollabError STATE_CORRUPT when the stored state breaks the schema. */
  constructor(
    private readonly base: Uint8Array | null,
    private readonly scale: ScaleSpec,
    private readonly pageCount: number | undefined,
  ) {
    this.#doc = this.#load();
  }

  /** questionIds: the writer's range, null for the whole copy. */
  apply(update: Uint8Array, origin: UpdateOrigin, questionIds: readonly string[] | null): ApplyOutcome {
    const w = watch(this.#doc.doc);
    let result;
    try {
      result = this.#doc.tryApply(update, origin);
    } finally {
      w.stop();
    }
    if (!result.ok) return result;
    const outside = questionIds ? [...w.seen.questions].filter((q) => !questionIds.includes(q)) : [];
    if (outside.length > 0) {
      this.#rebuild(); // ValidatedCopyDoc already took it: go back to the accepted bytes
      return { ok: false, code: "SCOPE", message: `outside your question range: ${outside.join(", ")}` };
    }
    const duplicate = w.seen.fired && !w.seen.changed;
    if (!duplicate) {
      this.#accepted.push(update);
      this.#changed = true;
    }
    return { ok: true, duplicate };
  }

  get changed(): boolean {
    return this.#changed;
  }

  /** The merged, garbage-collected state after the accepted updates. */
  encodeState(): Uint8Array {
    return this.#doc.encodeState();
  }

  destroy(): void {
    this.#doc.destroy();
  }

  #load(): ValidatedCopyDoc {
    const parts = this.base ? [this.base, ...this.#accepted] : this.#accepted;
    const state = parts.length === 0 ? null : mergeUpdates(parts);
    return ValidatedCopyDoc.load(state, this.scale, this.pageCount === undefined ? {} : { pageCount: this.pageCount });
  }

  #rebuild(): void {
    this.#doc.destroy();
    this.#doc = this.#load();
  }
}
