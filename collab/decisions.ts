// Reads and writes of a grader's decisions on rubric questions: items applied, a signed
// adjustment with its comment, "checked" (graded, nothing to add or remove). Writers validate
// their input (CollabError) and make one transaction tagged with `origin`. Which items exist,
// their revisions and group rules are the server's check: it has the current rubric.
import type * as Y from "yjs";
import { adjustOf, checkedOf, itemsOf, scoresOf } from "./doc-roots.ts";
import { CollabError } from "./errors.ts";
import { LOCAL_ORIGIN } from "./origin.ts";
import { itemKey, parseItemKey, RubricItemIdSchema } from "./rubric.ts";
import { AdjustmentSchema, type Adjustment, type CopyDecisions } from "./schema.ts";

/** Applies an item (`rev`: the revision the grader sees) and, in the same transaction, removes `replacing` (its group's other item). */
export function applyItem(doc: Y.Doc, questionId: string, itemId: string, rev: number, opts: { replacing?: readonly string[]; origin?: unknown } = {}): void {
  if (!RubricItemIdSchema.safeParse(itemId).success) throw new CollabError("INVALID_DECISION", `bad item id ${itemId}`, questionId);
  if (!Number.isInteger(rev) || rev < 1) throw new CollabError("INVALID_DECISION", `bad item revision ${rev}`, questionId);
  const items = itemsOf(doc);
  doc.transact(() => {
    for (const other of opts.replacing ?? []) if (other !== itemId) items.delete(itemKey(questionId, other));
    items.set(itemKey(questionId, itemId), rev);
  }, opts.origin ?? LOCAL_ORIGIN);
}

export function removeItem(doc: Y.Doc, questionId: string, itemId: string, opts: { origin?: unknown } = {}): boolean {
  const items = itemsOf(doc);
  const key = itemKey(questionId, itemId);
  if (!items.has(key)) return false;
  doc.transact(() => items.delete(key), opts.origin ?? LOCAL_ORIGIN);
  return true;
}

/** null removes the adjustment. */
export function setAdjustment(doc: Y.Doc, questionId: string, adjustment: Adjustment | null, opts: { origin?: unknown } = {}): void {
  const map = adjustOf(doc);
  if (adjustment === null) {
    if (map.has(questionId)) doc.transact(() => map.delete(questionId), opts.origin ?? LOCAL_ORIGIN);
    return;
  }
  const parsed = AdjustmentSchema.safeParse(adjustment);
  if (!parsed.success) throw new CollabError("INVALID_DECISION", parsed.error.issues[0]?.message ?? "invalid adjustment", questionId);
  doc.transact(() => map.set(questionId, { points: parsed.data.points, comment: parsed.data.comment }), opts.origin ?? LOCAL_ORIGIN);
}

export function setChecked(doc: Y.Doc, questionId: string, checked: boolean, opts: { origin?: unknown } = {}): void {
  const map = checkedOf(doc);
  if (checked === map.has(questionId)) return;
  doc.transact(() => (checked ? map.set(questionId, true) : map.delete(questionId)), opts.origin ?? LOCAL_ORIGIN);
}

/** Clears every decision on one question (items, adjustment, checked, typed score) in one transaction. */
export function clearQuestion(doc: Y.Doc, questionId: string, opts: { origin?: unknown } = {}): void {
  const items = itemsOf(doc);
  const keys = [...items.keys()].filter((k) => parseItemKey(k)?.questionId === questionId);
  doc.transact(() => {
    for (const k of keys) items.delete(k);
    if (adjustOf(doc).has(questionId)) adjustOf(doc).delete(questionId);
    if (checkedOf(doc).has(questionId)) checkedOf(doc).delete(questionId);
    if (scoresOf(doc).has(questionId)) scoresOf(doc).delete(questionId);
  }, opts.origin ?? LOCAL_ORIGIN);
}

/** The decisions as plain JSON; malformed entries (which the server refuses) are skipped. */
export function readDecisions(doc: Y.Doc): CopyDecisions {
  // Maps then fromEntries: a key "__proto__" must stay an own key, never reach the prototype
  const scores = [...scoresOf(doc).entries()].filter(([, v]) => v === null || (typeof v === "number" && Number.isFinite(v)));
  const items = new Map<string, string[]>();
  for (const [key, rev] of itemsOf(doc).entries()) {
    const parsed = parseItemKey(key);
    if (parsed === null || typeof rev !== "number") continue;
    const list = items.get(parsed.questionId) ?? [];
    list.push(parsed.itemId);
    items.set(parsed.questionId, list);
  }
  for (const list of items.values()) list.sort();
  const adjust: Array<[string, Adjustment]> = [];
  for (const [q, v] of adjustOf(doc).entries()) {
    const parsed = AdjustmentSchema.safeParse(v);
    if (parsed.success) adjust.push([q, parsed.data]);
  }
  const checked = [...checkedOf(doc).entries()]
    .filter(([, v]) => v === true)
    .map(([q]) => q)
    .sort();
  return { scores: Object.fromEntries(scores), items: Object.fromEntries(items), adjust: Object.fromEntries(adjust), checked };
}
