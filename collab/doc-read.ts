// Reads of a copy doc into plain JSON. Entries that do not satisfy the schema are skipped
// (the server refuses them, so they only appear in a doc that bypassed validation).
import type * as Y from "yjs";
import { readAnnotationEntry } from "./annotation-read.ts";
import { readDecisions } from "./decisions.ts";
import { annotationsOf, commentsOf, generalOf } from "./doc-roots.ts";
import { computeMarks, type CopyMarks } from "./marks.ts";
import type { ScaleSpec } from "./scale.ts";
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

/** Typed scores (questions without rubric items). */
export function readScores(doc: Y.Doc): Record<string, number | null> {
  return readDecisions(doc).scores;
}

export function readComments(doc: Y.Doc): Record<string, string> {
  return Object.fromEntries([...commentsOf(doc).entries()].filter(([, v]) => typeof v === "string"));
}

export function readCopyDoc(doc: Y.Doc): CopyDocContent {
  const decisions = readDecisions(doc);
  return {
    annotations: readAnnotations(doc),
    scores: decisions.scores,
    comments: readComments(doc),
    general: generalOf(doc).toString(),
    items: decisions.items,
    adjust: decisions.adjust,
    checked: decisions.checked,
  };
}

/** The marks of the doc under the scale (with its current rubric). */
export function copyMarks(doc: Y.Doc, scale: ScaleSpec): CopyMarks {
  return computeMarks(scale, readDecisions(doc));
}

/** Questions of the scale not graded yet, in scale order: finalize needs none. */
export function unscoredQuestions(doc: Y.Doc, scale: ScaleSpec): string[] {
  return [...copyMarks(doc, scale).unscored];
}
