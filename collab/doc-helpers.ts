// Writes to a copy doc. Each helper validates its input (CollabError on bad input, so a
// client fails early instead of having the server refuse the update) and makes exactly
// one transaction tagged with `origin` (LOCAL_ORIGIN by default, see origin.ts).
import * as random from "lib0/random";
import * as Y from "yjs";
import { annotationsOf, commentsOf, generalOf, scoresOf } from "./doc-roots.ts";
import { readAnnotationEntry } from "./annotation-read.ts";
import { CollabError } from "./errors.ts";
import { LOCAL_ORIGIN } from "./origin.ts";
import { AnnotationSchema, LIMITS, type Annotation, type AnnotationPatch } from "./schema.ts";

const PATCHABLE = new Set(["page", "color", "width", "points", "pressures", "box", "text"]);

function parseAnnotation(candidate: unknown): Annotation {
  const parsed = AnnotationSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new CollabError("INVALID_ANNOTATION", issue?.message ?? "invalid annotation", issue?.path.map(String).join("."));
}

/** Adds a new annotation; its id must be fresh (see newAnnotationId). Returns the id. */
export function addAnnotation(doc: Y.Doc, annotation: Annotation, origin: unknown = LOCAL_ORIGIN): string {
  const { id, ...fields } = parseAnnotation(annotation); // a parsed copy: later mutations of the input cannot leak in
  const annotations = annotationsOf(doc);
  if (annotations.has(id)) throw new CollabError("ANNOTATION_EXISTS", `annotation ${id} already exists`);
  const entries = Object.entries(fields).filter(([, value]) => value !== undefined);
  doc.transact(() => annotations.set(id, new Y.Map<unknown>(entries)), origin);
  return id;
}

/**
 * Changes some fields of an annotation (move = new points or box). A field set to
 * undefined is removed (only the optional ones: pressures, text). Unchanged fields are
 * not rewritten, so concurrent edits of different fields both survive.
 */
export function updateAnnotation(doc: Y.Doc, id: string, patch: AnnotationPatch, origin: unknown = LOCAL_ORIGIN): void {
  const map = annotationsOf(doc).get(id);
  if (map === undefined) throw new CollabError("ANNOTATION_NOT_FOUND", `no annotation ${id}`);
  const current = readAnnotationEntry(id, map, id);
  if (!current.ok) throw new CollabError("INVALID_ANNOTATION", current.message, current.path);
  for (const key of Object.keys(patch)) {
    if (!PATCHABLE.has(key)) throw new CollabError("INVALID_ANNOTATION", `${key} cannot be changed`, key);
  }
  const merged: Record<string, unknown> = { ...current.value, ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete merged[key];
  const next = parseAnnotation(merged) as unknown as Record<string, unknown>;
  doc.transact(() => {
    for (const key of Object.keys(patch)) {
      if (next[key] === undefined) {
        if (map.has(key)) map.delete(key);
      } else if (JSON.stringify(next[key]) !== JSON.stringify(map.get(key))) {
        map.set(key, next[key]);
      }
    }
  }, origin);
}

/** Returns false when there was no such annotation. */
export function removeAnnotation(doc: Y.Doc, id: string, origin: unknown = LOCAL_ORIGIN): boolean {
  const annotations = annotationsOf(doc);
  if (!annotations.has(id)) return false;
  doc.transact(() => annotations.delete(id), origin);
  return true;
}

/** null clears the score. The max per question is the server's check (it has the scale). */
export function setScore(doc: Y.Doc, questionId: string, value: number | null, origin: unknown = LOCAL_ORIGIN): void {
  if (value !== null && !(Number.isFinite(value) && value >= 0)) {
    throw new CollabError("INVALID_SCORE", `a score must be a finite number ≥ 0 or null, got ${value}`, questionId);
  }
  doc.transact(() => scoresOf(doc).set(questionId, value), origin);
}

/** An empty comment removes the entry. */
export function setComment(doc: Y.Doc, questionId: string, text: string, origin: unknown = LOCAL_ORIGIN): void {
  if (text.length > LIMITS.commentChars) {
    throw new CollabError("INVALID_COMMENT", `a comment is at most ${LIMITS.commentChars} characters`, questionId);
  }
  const comments = commentsOf(doc);
  doc.transact(() => (text === "" ? comments.delete(questionId) : comments.set(questionId, text)), origin);
}

/**
 * Replaces the general comment by editing only the span that differs, so a concurrent
 * edit elsewhere in the text survives (a delete-all + insert would drop it).
 */
export function setGeneralComment(doc: Y.Doc, text: string, origin: unknown = LOCAL_ORIGIN): void {
  if (text.length > LIMITS.generalChars) {
    throw new CollabError("INVALID_COMMENT", `the general comment is at most ${LIMITS.generalChars} characters`);
  }
  const general = generalOf(doc);
  const old = general.toString();
  if (old === text) return;
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  doc.transact(() => {
    if (old.length - start - end > 0) general.delete(start, old.length - start - end);
    if (text.length - start - end > 0) general.insert(start, text.slice(start, text.length - end));
  }, origin);
}

/** A fresh annotation id (UUID v4), valid for AnnotationIdSchema. */
export function newAnnotationId(): string {
  // crypto.randomUUID exists only in a secure context in browsers (a school's server reached over
  // plain http has none): lib0's then, which asks getRandomValues once per hex digit (~0.15 ms an
  // id in Node, where the load benchmarks make thousands a second)
  return typeof globalThis.crypto?.randomUUID === "function" ? globalThis.crypto.randomUUID() : random.uuidv4();
}

export { readCopyDoc, unscoredQuestions } from "./doc-read.ts";
