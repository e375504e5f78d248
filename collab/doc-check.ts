// Checks that a copy Y.Doc satisfies the schema, either whole (checkWholeDoc, when a stored
// state is loaded) or entry by entry (checkEntry, for what an incoming update touched).
// Each returns the first violation found, or null.
//
// Two levels: every entry must be well-formed (structure: types, known question ids, sizes).
// An entry an incoming update sets must also satisfy the rules of the moment (`strict`): a
// typed score within [0, max], an applied item that exists in the current rubric at the
// revision the grader saw, one item at most per group, decisions only on rubric questions.
// Stored entries are not held to those: a lowered max or an edited rubric must not make a
// stored document unreadable — marks.ts bounds and resolves them instead.
import * as Y from "yjs";
import { hasLiveListContent, hasLiveMapContent, readAnnotationEntry, type SharedType, type Violation } from "./annotation-read.ts";
import { itemKey, parseItemKey } from "./rubric.ts";
import type { Touched } from "./touched.ts";
import { questionIndex, type QuestionSpec, type ScaleSpec } from "./scale.ts";
import {
  ADJUST_KEY,
  ANNOTATIONS_KEY,
  AdjustmentSchema,
  CHECKED_KEY,
  COMMENTS_KEY,
  GENERAL_KEY,
  ITEMS_KEY,
  LIMITS,
  SCORES_KEY,
  topLevelKey,
  type TopLevelKey,
} from "./schema.ts";

export interface CheckContext {
  questions: ReadonlyMap<string, QuestionSpec>;
  /** when given, annotation pages must be < pageCount */
  pageCount: number | undefined;
}

export function checkContext(scale: ScaleSpec, pageCount?: number): CheckContext {
  return { questions: questionIndex(scale), pageCount };
}

type EntryCheck = (map: Y.Map<unknown>, key: string, ctx: CheckContext, path: string, strict: boolean) => Violation | null;

function checkAnnotationEntry(annotations: Y.Map<unknown>, id: string, ctx: CheckContext, path: string): Violation | null {
  const read = readAnnotationEntry(id, annotations.get(id), path, true);
  if (!read.ok) return { path: read.path, message: read.message };
  if (ctx.pageCount !== undefined && read.value.page >= ctx.pageCount) {
    return { path: `${path}.page`, message: `page ${read.value.page} is beyond the copy's ${ctx.pageCount} pages` };
  }
  // as for scores: a mark shows a question of the copy's scale, nothing else
  if (read.value.kind === "mark" && !ctx.questions.has(read.value.questionId)) {
    return { path: `${path}.questionId`, message: "unknown question id" };
  }
  return null;
}

function checkScoreEntry(scores: Y.Map<unknown>, questionId: string, ctx: CheckContext, path: string, strict: boolean): Violation | null {
  const question = ctx.questions.get(questionId);
  if (question === undefined) return { path, message: "unknown question id" };
  const value = scores.get(questionId);
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return { path, message: "a score must be a finite number or null" };
  if (value < 0 || (strict && value > question.maxPoints)) return { path, message: `score ${value} is outside [0, ${question.maxPoints}]` };
  if (strict && question.rubric) return { path, message: "this question is marked with its rubric items: no typed score" };
  return null;
}

function checkCommentEntry(comments: Y.Map<unknown>, questionId: string, ctx: CheckContext, path: string): Violation | null {
  if (!ctx.questions.has(questionId)) return { path, message: "unknown question id" };
  const value = comments.get(questionId);
  if (typeof value !== "string") return { path, message: "a comment must be a string" };
  if (value.length > LIMITS.commentChars) return { path, message: `a comment is at most ${LIMITS.commentChars} characters` };
  return null;
}

/** A decision (item, adjustment, checked) needs a question with a rubric when it is made. */
function rubricOf(ctx: CheckContext, questionId: string, path: string, strict: boolean): Violation | QuestionSpec {
  const question = ctx.questions.get(questionId);
  if (question === undefined) return { path, message: "unknown question id" };
  if (strict && !question.rubric) return { path, message: "this question has no rubric items" };
  return question;
}

function checkItemEntry(items: Y.Map<unknown>, key: string, ctx: CheckContext, path: string, strict: boolean): Violation | null {
  const parsed = parseItemKey(key);
  if (parsed === null) return { path, message: 'an applied item is keyed "<questionId>|<itemId>"' };
  const question = rubricOf(ctx, parsed.questionId, path, strict);
  if (!("id" in question)) return question;
  const rev = items.get(key);
  if (typeof rev !== "number" || !Number.isInteger(rev) || rev < 1) return { path, message: "an applied item stores its revision, a positive integer" };
  if (!strict) return null;
  const items_ = question.rubric!.items;
  const item = items_.find((i) => i.id === parsed.itemId);
  if (item === undefined) return { path, message: `unknown rubric item ${parsed.itemId}`, code: "UNKNOWN_ITEM" };
  if (item.rev !== rev) return { path, message: `the item changed (revision ${item.rev}, applied as ${rev}): reload the rubric`, code: "RUBRIC_STALE" };
  if (item.group !== null) {
    const taken = items_.find((other) => other.id !== item.id && other.group === item.group && items.has(itemKey(parsed.questionId, other.id)));
    if (taken) return { path, message: `item ${taken.id} of the same group is applied already`, code: "ITEM_GROUP_TAKEN" };
  }
  return null;
}

function checkAdjustEntry(adjust: Y.Map<unknown>, questionId: string, ctx: CheckContext, path: string, strict: boolean): Violation | null {
  const question = rubricOf(ctx, questionId, path, strict);
  if (!("id" in question)) return question;
  const value = adjust.get(questionId);
  const parsed = AdjustmentSchema.safeParse(value);
  if (!parsed.success) return { path, message: `an adjustment is { points, comment }: ${parsed.error.issues[0]?.message ?? "invalid"}` };
  return null;
}

function checkCheckedEntry(checked: Y.Map<unknown>, questionId: string, ctx: CheckContext, path: string, strict: boolean): Violation | null {
  const question = rubricOf(ctx, questionId, path, strict);
  if (!("id" in question)) return question;
  if (checked.get(questionId) !== true) return { path, message: "checked holds true" };
  return null;
}

const ENTRY_CHECKS: Partial<Record<TopLevelKey, EntryCheck>> = {
  [ANNOTATIONS_KEY]: (map, key, ctx, path) => checkAnnotationEntry(map, key, ctx, path),
  [SCORES_KEY]: checkScoreEntry,
  [COMMENTS_KEY]: (map, key, ctx, path) => checkCommentEntry(map, key, ctx, path),
  [ITEMS_KEY]: checkItemEntry,
  [ADJUST_KEY]: checkAdjustEntry,
  [CHECKED_KEY]: checkCheckedEntry,
};

export function checkGeneral(general: Y.Text, path: string = GENERAL_KEY): Violation | null {
  if (hasLiveMapContent(general)) return { path, message: "the general comment must not hold attributes" };
  for (let item = general._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) {
      return { path, message: "the general comment is plain text: no formatting, embeds or nested types" };
    }
  }
  if (general.length > LIMITS.generalChars) {
    return { path, message: `the general comment is at most ${LIMITS.generalChars} characters` };
  }
  return null;
}

/** A top-level name outside the schema may exist (Yjs creates it on sight) but stays empty. */
function checkUnknownRoot(name: string, type: SharedType): Violation | null {
  if (hasLiveListContent(type) || hasLiveMapContent(type)) return { path: name, message: "unknown top-level type" };
  return null;
}

/**
 * Checks entries of one root: `keys` (null: every key; a null key: list content) — all of them
 * strictly when `strict`. Unknown roots must be empty.
 */
export function checkRoot(doc: Y.Doc, name: string, keys: Iterable<string | null> | null, ctx: CheckContext, strict: boolean): Violation | null {
  const type = doc.share.get(name);
  if (type === undefined) return null;
  const key = topLevelKey(name);
  if (key === null) return checkUnknownRoot(name, type);
  if (key === GENERAL_KEY) return checkGeneral(doc.getText(name), name);
  const map = doc.getMap<unknown>(name);
  if (hasLiveListContent(map)) return { path: name, message: `${name} is a map: no list content` };
  const check = ENTRY_CHECKS[key]!;
  for (const entry of keys ?? map.keys()) {
    if (entry === null || !map.has(entry)) continue;
    const violation = check(map, entry, ctx, `${name}.${entry}`, strict);
    if (violation !== null) return violation;
  }
  return null;
}

/** The whole doc, at the structure level (a stored state being loaded). */
export function checkWholeDoc(doc: Y.Doc, ctx: CheckContext): Violation | null {
  for (const name of [...doc.share.keys()]) {
    const violation = checkRoot(doc, name, null, ctx, false);
    if (violation !== null) return violation;
  }
  return null;
}

/** The entries an update touched, strictly (the rest of the doc was valid before it). */
export function checkTouched(doc: Y.Doc, touched: Touched, ctx: CheckContext): Violation | null {
  const roots: Iterable<[string, Iterable<string | null> | null]> = touched.wholeDoc
    ? [...doc.share.keys()].map((name): [string, null] => [name, null])
    : touched.roots;
  for (const [name, keys] of roots) {
    const violation = checkRoot(doc, name, keys, ctx, true);
    if (violation !== null) return violation;
  }
  return null;
}

export type { Violation } from "./annotation-read.ts";
