// Validates updates against one copy's document: collab's ValidatedCopyDoc (schema, sizes,
// dependencies, rubric rules, O(update) per update once loaded) plus two checks of ours, read off
// the Yjs transaction the update makes: which questions it changes — a score, an applied item, an
// adjustment, "checked", a comment, or a margin mark placed, moved or recoloured (question-range
// dispatch) — and whether it changes anything at all (a resent update is acknowledged, not stored
// twice). A validator lives across batches in the node's ValidatorCache: loading one is O(doc).
import * as Y from "yjs";
import {
  ANNOTATIONS_KEY,
  authorsWritten,
  COMMENTS_KEY,
  GENERAL_KEY,
  ITEMS_KEY,
  computeMarks,
  decodeUpdateSafely,
  parseItemKey,
  readDecisions,
  topLevelKey,
  ValidatedCopyDoc,
  type CopyMarks,
  type CopyDecisions,
  type ScaleSpec,
  type UpdateOrigin,
  type UpdateRefusal,
} from "../../collab/index.ts";

/** What a stored update changed, kept with it for the history (docs/history.md). */
export interface ChangeSummary {
  /** questions whose decision, comment or margin mark changed */
  readonly q: string[];
  /** roots changed: annotations, scores, items, adjust, checked, comments, general */
  readonly k: string[];
  /** kinds of the annotations added or edited (pen, text, tick…) */
  readonly a: string[];
  /** the rubric version the copy was checked against */
  readonly r: number;
}

export type ApplyOutcome =
  | { ok: true; duplicate: boolean /** the update changed a decision (score, item, adjustment, checked) */; scored?: boolean; summary: ChangeSummary }
  | (Omit<UpdateRefusal, "code"> & { code: UpdateRefusal["code"] | "SCOPE" | "AUTHOR_MISMATCH" });

interface Seen {
  fired: boolean;
  changed: boolean;
  questions: Set<string>;
  /** a decision on a question (typed score, item, adjustment, checked) was made or undone */
  scores: boolean;
  /** annotations added or edited: a margin mark among them speaks for its question */
  annotations: Set<string>;
  /** roots changed */
  roots: Set<string>;
}

/** The question a key of a root names: the key itself, or the question part of an applied item's key. */
function questionOfKey(rootKey: string, key: string): string | null {
  if (rootKey === ITEMS_KEY) return parseItemKey(key)?.questionId ?? null;
  return key;
}

function watch(doc: Y.Doc): { seen: Seen; stop(): void } {
  const seen: Seen = { fired: false, changed: false, questions: new Set(), scores: false, annotations: new Set(), roots: new Set() };
  const onTransaction = (tr: Y.Transaction) => {
    seen.fired = true;
    if (tr.deleteSet.clients.size > 0) seen.changed = true;
    for (const [client, clock] of tr.afterState) if ((tr.beforeState.get(client) ?? 0) !== clock) seen.changed = true;
    // read the share without doc.getMap: that would re-type a root the update just created,
    // and the roots still listed in tr.changed would no longer be found
    const annotations = tr.doc.share.get(ANNOTATIONS_KEY);
    for (const [type, keys] of tr.changed) {
      if (type._item !== null) {
        // an annotation's fields: the annotation is the key of this map in the root map
        if (annotations && type._item.parent === annotations && typeof type._item.parentSub === "string") {
          seen.annotations.add(type._item.parentSub);
          seen.roots.add(ANNOTATIONS_KEY);
        }
        continue;
      }
      const root = topLevelKey(Y.findRootTypeKey(type));
      if (root === null) continue;
      seen.roots.add(root);
      if (root === ANNOTATIONS_KEY) {
        for (const key of keys) if (key !== null) seen.annotations.add(key);
        continue;
      }
      if (root === GENERAL_KEY) continue;
      if (root !== COMMENTS_KEY) seen.scores = true;
      for (const key of keys) {
        const question = key === null ? null : questionOfKey(root, key);
        if (question !== null) seen.questions.add(question);
      }
    }
  };
  doc.on("afterTransaction", onTransaction);
  return { seen, stop: () => doc.off("afterTransaction", onTransaction) };
}

/** The questions of the margin marks among `ids` (the doc is valid: it passed the schema). */
function markQuestions(doc: Y.Doc, ids: Set<string>): string[] {
  const annotations = doc.getMap(ANNOTATIONS_KEY);
  const out: string[] = [];
  for (const id of ids) {
    const fields = annotations.get(id);
    const q = fields instanceof Y.Map ? fields.get("questionId") : undefined;
    if (typeof q === "string") out.push(q);
  }
  return out;
}

/** The kinds of the annotations among `ids` still present (a deleted one has none). */
function annotationKinds(doc: Y.Doc, ids: Set<string>): string[] {
  const annotations = doc.getMap(ANNOTATIONS_KEY);
  const out = new Set<string>();
  for (const id of ids) {
    const fields = annotations.get(id);
    const kind = fields instanceof Y.Map ? fields.get("kind") : undefined;
    if (typeof kind === "string") out.add(kind);
  }
  return [...out];
}

/** Each scale's part of the key, computed once per scale object (the scale cache hands out the same object for every batch). */
const scaleKeys = new WeakMap<ScaleSpec, string>();

/** What a validator was built for: a scale or page-count change means building a new one. */
export function validatorKey(scale: ScaleSpec, pageCount: number | undefined): string {
  let key = scaleKeys.get(scale);
  if (key === undefined) {
    key = JSON.stringify([scale.rubricVersion ?? 0, scale.questions.map((q) => [q.id, q.maxPoints])]);
    scaleKeys.set(scale, key);
  }
  return `${pageCount ?? null}|${key}`;
}

export class CopyValidator {
  #doc: ValidatedCopyDoc;
  readonly key: string;

  /** Throws CollabError STATE_CORRUPT when the stored state breaks the schema. */
  constructor(
    state: Uint8Array | null,
    private readonly scale: ScaleSpec,
    private readonly pageCount: number | undefined,
  ) {
    this.key = validatorKey(scale, pageCount);
    this.#doc = this.#load(state);
  }

  /** questionIds: the writer's range, null for the whole copy; writerId: the sender, from its session. */
  apply(update: Uint8Array, origin: UpdateOrigin, questionIds: readonly string[] | null, writerId: string): ApplyOutcome {
    // identity comes from the session: an annotation's author (set at creation or edited) is the sender
    const decoded = decodeUpdateSafely(update); // decoded once: for the authors and for the checks of tryApply
    const forged = authorsWritten(this.#doc.doc, update, decoded).find((a) => a !== writerId);
    if (forged !== undefined) return { ok: false, code: "AUTHOR_MISMATCH", message: "an annotation's author must be the sender's user id" };
    const checkpoint = questionIds ? this.#doc.encodeState() : null; // O(doc): range dispatches only
    const w = watch(this.#doc.doc);
    let result: ReturnType<ValidatedCopyDoc["tryApply"]>;
    try {
      result = this.#doc.tryApply(update, origin, decoded);
    } finally {
      w.stop();
    }
    if (!result.ok) return result;
    const touched = [...new Set([...w.seen.questions, ...markQuestions(this.#doc.doc, w.seen.annotations)])];
    const outside = questionIds ? touched.filter((q) => !questionIds.includes(q)) : [];
    if (outside.length > 0) {
      this.#doc.destroy(); // ValidatedCopyDoc took it: go back to the state before it
      this.#doc = this.#load(checkpoint);
      return { ok: false, code: "SCOPE", message: `outside your question range: ${outside.join(", ")}` };
    }
    const summary: ChangeSummary = {
      q: touched,
      k: [...w.seen.roots],
      a: annotationKinds(this.#doc.doc, w.seen.annotations),
      r: this.scale.rubricVersion ?? 0,
    };
    return { ok: true, duplicate: w.seen.fired && !w.seen.changed, scored: w.seen.scores, summary };
  }

  /** A row stored by another node (validated there); false if it does not apply here. */
  applyStored(update: Uint8Array, origin: UpdateOrigin): boolean {
    return this.#doc.tryApply(update, origin).ok;
  }

  /** What the graders decided, e.g. for the decisions projection. */
  decisions(): CopyDecisions {
    return readDecisions(this.#doc.doc);
  }

  /** The marks under the current scale and rubric. */
  marks(): CopyMarks {
    return computeMarks(this.scale, this.decisions());
  }

  /** The questions graded (a mark, not null): question-range "part done". */
  scoredQuestions(): string[] {
    return this.marks()
      .marks.filter((m) => m.score !== null)
      .map((m) => m.questionId);
  }

  /** The questions of this copy's scale (common + its variant's). */
  questionIds(): string[] {
    return this.scale.questions.map((q) => q.id);
  }

  /** The merged, garbage-collected state. */
  encodeState(): Uint8Array {
    return this.#doc.encodeState();
  }

  destroy(): void {
    this.#doc.destroy();
  }

  #load(state: Uint8Array | null): ValidatedCopyDoc {
    return ValidatedCopyDoc.load(state, this.scale, this.pageCount === undefined ? {} : { pageCount: this.pageCount });
  }
}
