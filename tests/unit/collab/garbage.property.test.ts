// Property: no byte string makes the validators throw or hang; each returns a coded
// result, and a refused update leaves the document exactly as it was. Both validators
// (whole-doc and incremental) agree on every input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ValidatedCopyDoc,
  addAnnotation,
  checkContext,
  checkWholeDoc,
  docContentFingerprint,
  setComment,
  setGeneralComment,
  setScore,
  validateUpdate,
  type ValidationResult,
} from "../../../collab/index.ts";
import { SCALE, captureUpdate, newPeer, penAnnotation, textAnnotation } from "./collab-fixtures.ts";

const CODES = ["UPDATE_TOO_LARGE", "UPDATE_MALFORMED", "UPDATE_EMPTY", "UPDATE_V2_UNSUPPORTED", "UPDATE_MISSING_DEPS", "SCHEMA_VIOLATION", "DOC_TOO_LARGE"];

const base = newPeer(100);
const pen = penAnnotation();
addAnnotation(base, pen);
addAnnotation(base, textAnnotation());
setScore(base, "q1", 1);
setComment(base, "q2", "à revoir");
setGeneralComment(base, "Correct.");
const state = Y.encodeStateAsUpdate(base);

// valid updates to mutate: they reach deeper into the decoder than random bytes do
const edits: Array<(d: Y.Doc) => void> = [
  (d) => d.getMap("scores").set("q3", 7.5),
  (d) => d.getText("general").insert(3, "tout à fait "),
  (d) => addAnnotation(d, penAnnotation()),
  (d) => d.getMap<Y.Map<unknown>>("annotations").get(pen.id)?.set("points", [0, 0, 1, 1]),
  (d) => d.getMap("annotations").delete(pen.id),
  (d) => d.getMap("comments").set("q1", "ok"),
];
// one client per seed, so that each applies on its own to the stored state
const seeds = edits.map((edit, i) => captureUpdate(newPeer(200 + i, state), edit));

const mutatedArb = fc
  .tuple(
    fc.nat({ max: seeds.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom("set", "insert", "delete")), { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, edits]) => {
    const bytes = [...(seeds[seed] as Uint8Array)];
    for (const [at, value, kind] of edits) {
      const i = at % Math.max(bytes.length, 1);
      if (kind === "set") bytes[i] = value;
      else if (kind === "insert") bytes.splice(i, 0, value);
      else bytes.splice(i, 1);
    }
    return new Uint8Array(bytes);
  });

function expectCoded(result: ValidationResult): void {
  if (result.ok) return;
  expect(CODES).toContain(result.code);
  expect(typeof result.message).toBe("string");
}

function checkBytes(bytes: Uint8Array): void {
  const full = validateUpdate(state, bytes, SCALE, { withNextState: true, pageCount: 4 });
  expectCoded(full);
  if (full.ok) {
    // an accepted update yields a document that satisfies the schema
    const next = new Y.Doc();
    Y.applyUpdate(next, full.nextState as Uint8Array);
    expect(checkWholeDoc(next, checkContext(SCALE, 4))).toBeNull();
  }
  const incremental = ValidatedCopyDoc.load(state, SCALE, { pageCount: 4 });
  const before = docContentFingerprint(incremental.doc);
  const result = incremental.tryApply(bytes);
  expect(result.ok ? "ok" : result.code).toBe(full.ok ? "ok" : full.code);
  if (!result.ok) expect(docContentFingerprint(incremental.doc)).toBe(before);
  incremental.destroy();
}

describe("untrusted bytes", () => {
  it("random bytes never throw and always get a coded result", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), checkBytes), { numRuns: 500 });
  });

  it("mutated valid updates never throw, and the two validators agree", () => {
    fc.assert(fc.property(mutatedArb, checkBytes), { numRuns: 1000 });
  });

  it("the seeds themselves are accepted", () => {
    for (const seed of seeds) expect(validateUpdate(state, seed, SCALE)).toEqual({ ok: true });
  });
});
