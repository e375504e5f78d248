// Reads one nested annotation Y.Map into its plain form, or says precisely what is wrong.
// Shared by the validator (which refuses) and readCopyDoc (which skips).
import * as Y from "yjs";
import { AnnotationSchema, isValidStrokeFields, type Annotation } from "./schema.ts";

export interface Violation {
  /** dot path inside the doc, e.g. "annotations.a1.points.4" */
  path: string;
  message: string;
  /** a refusal more precise than SCHEMA_VIOLATION, for rubric decisions */
  code?: DecisionRefusalCode;
}
/** UNKNOWN_ITEM: no such item; RUBRIC_STALE: the item changed since the grader saw it; ITEM_GROUP_TAKEN: another item of its group is applied. */
export type DecisionRefusalCode = "UNKNOWN_ITEM" | "RUBRIC_STALE" | "ITEM_GROUP_TAKEN";
export type ReadResult<T> = { ok: true; value: T } | ({ ok: false } & Violation);

/** Any shared type; Yjs types are invariant in their event type, hence `any`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SharedType = Y.AbstractType<any>;

const FIELD_NAMES = new Set(["page", "kind", "points", "pressures", "box", "text", "color", "width", "author", "createdAt", "questionId"]);

/** A Y type, sub-document or binary where the schema wants plain JSON. */
export function isSharedOrBinary(value: unknown): boolean {
  return value instanceof Y.AbstractType || value instanceof Y.Doc || value instanceof Uint8Array;
}

/** True when a type holds live list content (items without a key) — a map never should. */
export function hasLiveListContent(type: SharedType): boolean {
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.deleted) return true;
  }
  return false;
}

/** True when a type holds live keyed content — a text never should. */
export function hasLiveMapContent(type: SharedType): boolean {
  for (const item of type._map.values()) {
    if (!item.deleted) return true;
  }
  return false;
}

function fail(path: string, message: string): ReadResult<never> {
  return { ok: false, path, message };
}

/**
 * `path` is where the entry lives, e.g. "annotations.a1". `checkOnly`: the caller only checks the
 * entry and reads its scalar fields (the validator): a valid pen or highlight stroke is then
 * recognised without zod and its value shares its arrays with the document (read them, never
 * write them); anything else, and every refusal, goes through the schema as before.
 */
export function readAnnotationEntry(id: string, value: unknown, path: string, checkOnly = false): ReadResult<Annotation> {
  if (!(value instanceof Y.Map)) return fail(path, "an annotation must be a Y.Map");
  if (hasLiveListContent(value)) return fail(path, "an annotation map must not hold list content");
  const plain: Record<string, unknown> = { id };
  // Y.Map#entries() without its iterator objects (the same live entries, in the same order): this runs for every annotation an update touches
  for (const [field, item] of value._map) {
    if (item.deleted) continue;
    const fieldValue: unknown = item.content.getContent()[item.length - 1];
    if (!FIELD_NAMES.has(field)) return fail(`${path}.${field}`, "unknown annotation field");
    if (fieldValue === undefined || isSharedOrBinary(fieldValue)) {
      return fail(`${path}.${field}`, "an annotation field must be a plain JSON value");
    }
    plain[field] = fieldValue;
  }
  if (checkOnly && isValidStrokeFields(plain)) return { ok: true, value: plain as Annotation };
  const parsed = AnnotationSchema.safeParse(plain);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return fail(path, "invalid annotation");
  const segments = issue.code === "unrecognized_keys" ? [...issue.path, ...issue.keys.slice(0, 1)] : issue.path;
  const sub = segments.map((segment) => `.${String(segment)}`).join("");
  return fail(path + sub, issue.message);
}
