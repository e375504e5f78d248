// Reads of a copy doc into plain JSON. Entries that do not satisfy the schema are skipped
// (the server refuses them, so they only appear in a doc that bypassed validation).
import type * as Y from "yjs";
import { readAnnotationEntry } from "./annotation-read.ts";
import { annotationsOf, commentsOf, generalOf, scoresOf } from "./doc-roots.ts";
import { roundScore, type ScaleSpec } from "./scale.ts";
import { ANNOTATIONS_KEY, type Annotation, type CopyDocContent } from "./schema.ts";

/** Annotations in drawing order: oldest first, ties broken by id (the same on every peer). */
export function readAnnotations(doc: Y.Doc): Annotation[] {
  const out: Annotation[] = [];
  for (const [id, value] of annotationsOf(doc).entries()) {
    const read = readAnnotationEntry(id, value, `${ANNOTATIONS_KEY}.${id}`);
    if (read.ok) out.push(read.value);
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function readScores(doc: Y.Doc): Record<string, number | null> {
  const entries = [...scoresOf(doc).entries()].filter(([, v]) => v === null || (typeof v === "number" && Number.isFinite(v)));
  return Object.fromEntries(entries); // fromEntries: a question id "__proto__" stays an own key
}

export function readComments(doc: Y.Doc): Record<string, string> {
  return Object.fromEntries([...commentsOf(doc).entries()].filter(([, v]) => typeof v === "string"));
}

export function readCopyDoc(doc: Y.Doc): CopyDocContent {
  return {
    annotations: readAnnotations(doc),
    scores: readScores(doc),
    comments: readComments(doc),
    general: generalOf(doc).toString(),
  };
}

/** Sum of the scores given so far (null and missing count as 0). */
export function totalScore(doc: Y.Doc): number {
  let sum = 0;
  for (const value of scoresOf(doc).values()) if (typeof value === "number" && Number.isFinite(value)) sum += value;
  return roundScore(sum);
}

/** Questions of the scale with no score yet, in scale order: finalize needs none. */
export function unscoredQuestions(doc: Y.Doc, scale: ScaleSpec): string[] {
  const scores = scoresOf(doc);
  return scale.questions.filter((q) => typeof scores.get(q.id) !== "number").map((q) => q.id);
}
