// Checks that a copy Y.Doc satisfies the schema, either whole (checkWholeDoc) or one part at
// a time (the check* functions, used by the incremental validator). Each returns the first
// violation found, or null.
import * as Y from "yjs";
import { hasLiveListContent, hasLiveMapContent, readAnnotationEntry, type SharedType, type Violation } from "./annotation-read.ts";
import { questionIndex, type QuestionSpec, type ScaleSpec } from "./scale.ts";
import { ANNOTATIONS_KEY, COMMENTS_KEY, GENERAL_KEY, LIMITS, SCORES_KEY, TOP_LEVEL_KEYS } from "./schema.ts";

export interface CheckContext {
  questions: ReadonlyMap<string, QuestionSpec>;
  /** when given, annotation pages must be < pageCount */
  pageCount: number | undefined;
}

export function checkContext(scale: ScaleSpec, pageCount?: number): CheckContext {
  return { questions: questionIndex(scale), pageCount };
}

const KNOWN_ROOTS: ReadonlySet<string> = new Set(TOP_LEVEL_KEYS);

export function checkAnnotation(annotations: Y.Map<unknown>, id: string, ctx: CheckContext): Violation | null {
  if (!annotations.has(id)) return null;
  const path = `${ANNOTATIONS_KEY}.${id}`;
  const read = readAnnotationEntry(id, annotations.get(id), path);
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

export function checkScore(scores: Y.Map<unknown>, questionId: string, ctx: CheckContext): Violation | null {
  if (!scores.has(questionId)) return null;
  const path = `${SCORES_KEY}.${questionId}`;
  const question = ctx.questions.get(questionId);
  if (question === undefined) return { path, message: "unknown question id" };
  const value = scores.get(questionId);
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) return { path, message: "a score must be a finite number or null" };
  if (value < 0 || value > question.maxPoints) {
    return { path, message: `score ${value} is outside [0, ${question.maxPoints}]` };
  }
  return null;
}

export function checkComment(comments: Y.Map<unknown>, questionId: string, ctx: CheckContext): Violation | null {
  if (!comments.has(questionId)) return null;
  const path = `${COMMENTS_KEY}.${questionId}`;
  if (!ctx.questions.has(questionId)) return { path, message: "unknown question id" };
  const value = comments.get(questionId);
  if (typeof value !== "string") return { path, message: "a comment must be a string" };
  if (value.length > LIMITS.commentChars) return { path, message: `a comment is at most ${LIMITS.commentChars} characters` };
  return null;
}

export function checkGeneral(general: Y.Text): Violation | null {
  if (hasLiveMapContent(general)) return { path: GENERAL_KEY, message: "the general comment must not hold attributes" };
  for (let item = general._start; item !== null; item = item.right) {
    if (!item.deleted && !(item.content instanceof Y.ContentString)) {
      return { path: GENERAL_KEY, message: "the general comment is plain text: no formatting, embeds or nested types" };
    }
  }
  if (general.length > LIMITS.generalChars) {
    return { path: GENERAL_KEY, message: `the general comment is at most ${LIMITS.generalChars} characters` };
  }
  return null;
}

/** A top-level name outside the schema may exist (Yjs creates it on sight) but stays empty. */
export function checkUnknownRoot(name: string, type: SharedType): Violation | null {
  if (KNOWN_ROOTS.has(name)) return null;
  if (hasLiveListContent(type) || hasLiveMapContent(type)) return { path: name, message: "unknown top-level type" };
  return null;
}

function checkMapRoot(map: Y.Map<unknown>, name: string, checkEntry: (key: string) => Violation | null): Violation | null {
  if (hasLiveListContent(map)) return { path: name, message: `${name} is a map: no list content` };
  for (const key of map.keys()) {
    const violation = checkEntry(key);
    if (violation !== null) return violation;
  }
  return null;
}

export function checkWholeDoc(doc: Y.Doc, ctx: CheckContext): Violation | null {
  for (const [name, type] of doc.share) {
    const violation = checkUnknownRoot(name, type);
    if (violation !== null) return violation;
  }
  const annotations = doc.getMap<unknown>(ANNOTATIONS_KEY);
  const scores = doc.getMap<unknown>(SCORES_KEY);
  const comments = doc.getMap<unknown>(COMMENTS_KEY);
  return (
    checkMapRoot(annotations, ANNOTATIONS_KEY, (id) => checkAnnotation(annotations, id, ctx)) ??
    checkMapRoot(scores, SCORES_KEY, (qid) => checkScore(scores, qid, ctx)) ??
    checkMapRoot(comments, COMMENTS_KEY, (qid) => checkComment(comments, qid, ctx)) ??
    checkGeneral(doc.getText(GENERAL_KEY))
  );
}

export { type Violation } from "./annotation-read.ts";
