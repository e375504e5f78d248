import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ValidatedCopyDoc,
  addAnnotation,
  docContentFingerprint,
  setComment,
  setGeneralComment,
  setScore,
  stateFingerprint,
  validateUpdate,
  type ValidationResult,
} from "../../../collab/index.ts";
import { SCALE, captureUpdate, newPeer, penAnnotation, textAnnotation } from "./collab-fixtures.ts";

/** A valid stored state: two annotations, a score, a comment, a general comment. */
function baseState(): { state: Uint8Array; penId: string; textId: string } {
  const doc = newPeer(100);
  const pen = penAnnotation();
  const text = textAnnotation();
  addAnnotation(doc, pen);
  addAnnotation(doc, text);
  setScore(doc, "q1", 2);
  setComment(doc, "q1", "ok");
  setGeneralComment(doc, "Bien.");
  return { state: Y.encodeStateAsUpdate(doc), penId: pen.id, textId: text.id };
}

/** The update a client holding `state` would send after `edit`. */
function editOf(state: Uint8Array | null, edit: (doc: Y.Doc) => void): Uint8Array {
  return captureUpdate(newPeer(200, state ?? undefined), edit);
}

function expectRefused(result: ValidationResult, code: string, path?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  expect(result.message.length).toBeGreaterThan(0);
  if (path !== undefined) expect(result.path).toBe(path);
}

describe("validateUpdate accepts", () => {
  it("valid edits, returning the merged state on request", () => {
    const { state, penId } = baseState();
    const update = editOf(state, (d) => {
      d.getMap<Y.Map<unknown>>("annotations").get(penId)?.set("points", [0, 0, 1, 1]);
      d.getMap("scores").set("q2", 2.5);
      d.getMap("scores").set("q3", null);
    });
    const result = validateUpdate(state, update, SCALE, { withNextState: true });
    expect(result).toMatchObject({ ok: true });
    const next = newPeer(1, (result as { nextState: Uint8Array }).nextState);
    expect(next.getMap("scores").toJSON()).toEqual({ q1: 2, q2: 2.5, q3: null });
  });

  it("a first update on an empty document, and a duplicate of an already stored update", () => {
    const update = editOf(null, (d) => d.getMap("scores").set("q1", 4));
    expect(validateUpdate(null, update, SCALE).ok).toBe(true);
    expect(validateUpdate(update, update, SCALE).ok).toBe(true);
  });

  it("an unknown top-level name whose content is all deleted", () => {
    const doc = newPeer(200);
    const insert = captureUpdate(doc, (d) => d.getArray("scratch").insert(0, [1]));
    const remove = captureUpdate(doc, (d) => d.getArray("scratch").delete(0, 1));
    expect(validateUpdate(null, Y.mergeUpdates([insert, remove]), SCALE).ok).toBe(true);
  });
});

describe("validateUpdate refuses schema violations", () => {
  const { state, penId, textId } = baseState();
  const ann = (d: Y.Doc, id: string) => d.getMap<Y.Map<unknown>>("annotations").get(id) as Y.Map<unknown>;
  const cases: Array<[string, (d: Y.Doc) => void, string]> = [
    ["score above max", (d) => d.getMap("scores").set("q2", 2.6), "scores.q2"],
    ["negative score", (d) => d.getMap("scores").set("q1", -0.5), "scores.q1"],
    ["NaN score", (d) => d.getMap("scores").set("q1", Number.NaN), "scores.q1"],
    ["infinite score", (d) => d.getMap("scores").set("q1", Number.POSITIVE_INFINITY), "scores.q1"],
    ["score as a string", (d) => d.getMap("scores").set("q1", "3"), "scores.q1"],
    ["score as a nested type", (d) => d.getMap("scores").set("q1", new Y.Map()), "scores.q1"],
    ["unknown question id", (d) => d.getMap("scores").set("q9", 1), "scores.q9"],
    ["comment on an unknown question", (d) => d.getMap("comments").set("q9", "x"), "comments.q9"],
    ["comment too long", (d) => d.getMap("comments").set("q2", "x".repeat(5001)), "comments.q2"],
    ["comment not a string", (d) => d.getMap("comments").set("q2", 5), "comments.q2"],
    ["unknown annotation kind", (d) => ann(d, penId).set("kind", "laser"), `annotations.${penId}.kind`],
    ["point out of [0,1]", (d) => ann(d, penId).set("points", [0.1, 0.1, 1.01, 0.5]), `annotations.${penId}.points.2`],
    ["negative coordinate", (d) => ann(d, penId).set("points", [-0.1, 0.1]), `annotations.${penId}.points.0`],
    ["odd points count", (d) => ann(d, penId).set("points", [0.1, 0.1, 0.2]), `annotations.${penId}.points`],
    ["pressure out of [0,1]", (d) => ann(d, penId).set("pressures", [2]), `annotations.${penId}.pressures.0`],
    ["box leaving the page", (d) => ann(d, textId).set("box", { x: 0.8, y: 0, w: 0.3, h: 0.1 }), `annotations.${textId}.box`],
    ["box with an extra key", (d) => ann(d, textId).set("box", { x: 0, y: 0, w: 0.1, h: 0.1, z: 1 }), `annotations.${textId}.box.z`],
    ["negative page", (d) => ann(d, penId).set("page", -1), `annotations.${penId}.page`],
    ["fractional page", (d) => ann(d, penId).set("page", 1.5), `annotations.${penId}.page`],
    ["page beyond pageCount", (d) => ann(d, textId).set("page", 3), `annotations.${textId}.page`],
    ["bad color", (d) => ann(d, penId).set("color", "red"), `annotations.${penId}.color`],
    ["zero width", (d) => ann(d, penId).set("width", 0), `annotations.${penId}.width`],
    ["text too long", (d) => ann(d, textId).set("text", "x".repeat(2001)), `annotations.${textId}.text`],
    ["text as a nested Y.Text", (d) => ann(d, textId).set("text", new Y.Text("hi")), `annotations.${textId}.text`],
    ["unknown annotation field", (d) => ann(d, penId).set("rotation", 1), `annotations.${penId}.rotation`],
    ["id stored as a field", (d) => ann(d, penId).set("id", penId), `annotations.${penId}.id`],
    ["box on a pen stroke", (d) => ann(d, penId).set("box", { x: 0, y: 0, w: 0.1, h: 0.1 }), `annotations.${penId}.box`],
    ["missing required field", (d) => ann(d, penId).delete("author"), `annotations.${penId}.author`],
    ["annotation as a plain object", (d) => d.getMap("annotations").set("plain", { ...penAnnotation(), id: undefined }), "annotations.plain"],
    [
      "bad annotation id",
      (d) => d.getMap("annotations").set("a b", new Y.Map(Object.entries({ ...penAnnotation(), id: undefined }).filter(([, v]) => v !== undefined))),
      "annotations.a b.id",
    ],
    ["general comment too long", (d) => d.getText("general").insert(0, "x".repeat(20000)), "general"],
    ["formatted general comment", (d) => d.getText("general").format(0, 2, { bold: true }), "general"],
    ["embed in the general comment", (d) => d.getText("general").insertEmbed(0, { image: "x" }), "general"],
    ["attribute on the general comment", (d) => d.getText("general").setAttribute("lang", "fr"), "general"],
    ["unknown top-level type", (d) => d.getArray("evil").insert(0, [1]), "evil"],
    ["unknown top-level map", (d) => d.getMap("meta").set("x", 1), "meta"],
  ];
  for (const [name, edit, path] of cases) {
    it(name, () => {
      const before = state.slice();
      const update = editOf(state, edit);
      expectRefused(validateUpdate(state, update, SCALE, { pageCount: 3 }), "SCHEMA_VIOLATION", path);
      expect(state).toEqual(before);
      const validated = ValidatedCopyDoc.load(state, SCALE, { pageCount: 3 });
      expectRefused(validated.tryApply(update), "SCHEMA_VIOLATION", path);
      expect(docContentFingerprint(validated.doc)).toBe(stateFingerprint(state));
    });
  }

  it("a top-level name used with the wrong type", () => {
    const asArray = editOf(null, (d) => d.getArray("scores").insert(0, [1]));
    expectRefused(validateUpdate(state, asArray, SCALE), "SCHEMA_VIOLATION", "scores");
    const textAsMap = editOf(null, (d) => d.getMap("general").set("x", "y"));
    expectRefused(validateUpdate(state, textAsMap, SCALE), "SCHEMA_VIOLATION", "general");
  });
});

describe("validateUpdate refuses bad bytes", () => {
  const { state } = baseState();

  it("oversized updates and documents", () => {
    const update = editOf(state, (d) => d.getText("general").insert(0, "x".repeat(1000)));
    expectRefused(validateUpdate(state, update, SCALE, { maxUpdateBytes: 500 }), "UPDATE_TOO_LARGE");
    expectRefused(validateUpdate(state, update, SCALE, { maxDocBytes: state.length + 100 }), "DOC_TOO_LARGE");
  });

  it("empty, non-byte and every truncation of a valid update", () => {
    expectRefused(validateUpdate(state, new Uint8Array(), SCALE), "UPDATE_MALFORMED");
    expectRefused(validateUpdate(state, "abc" as unknown as Uint8Array, SCALE), "UPDATE_MALFORMED");
    const update = editOf(state, (d) => {
      d.getMap("scores").set("q3", 7);
      d.getMap("scores").delete("q1");
    });
    for (let n = 1; n < update.length; n++) expectRefused(validateUpdate(state, update.subarray(0, n), SCALE), "UPDATE_MALFORMED");
  });

  it("an update whose dependencies the document lacks", () => {
    const peer = newPeer(300, state);
    const first = captureUpdate(peer, (d) => d.getText("general").insert(5, " Soigné."));
    const second = captureUpdate(peer, (d) => d.getText("general").insert(13, " Précis."));
    const deletion = captureUpdate(peer, (d) => d.getText("general").delete(5, 8));
    expectRefused(validateUpdate(state, second, SCALE), "UPDATE_MISSING_DEPS");
    const deletionOnly = Y.encodeStateAsUpdate(peer, Y.encodeStateVector(peer)); // no structs, all deletions
    expectRefused(validateUpdate(state, deletionOnly, SCALE), "UPDATE_MISSING_DEPS");
    expect(validateUpdate(state, first, SCALE).ok).toBe(true);
    expect(validateUpdate(Y.mergeUpdates([state, first, second]), deletion, SCALE).ok).toBe(true);
  });
});

describe("ValidatedCopyDoc", () => {
  it("refuses like validateUpdate, rolls back, and keeps accepting valid updates", () => {
    const { state, penId } = baseState();
    const validated = ValidatedCopyDoc.load(state, SCALE, { pageCount: 3 });
    const before = docContentFingerprint(validated.doc);
    const bad = editOf(state, (d) => {
      d.getMap("scores").set("q2", 1); // valid part of a refused update must not stay
      d.getMap<Y.Map<unknown>>("annotations").get(penId)?.set("points", [2, 2]);
    });
    expectRefused(validated.tryApply(bad), "SCHEMA_VIOLATION", `annotations.${penId}.points.0`);
    expect(docContentFingerprint(validated.doc)).toBe(before);
    expect(docContentFingerprint(validated.doc)).toBe(stateFingerprint(state));
    const good = editOf(state, (d) => d.getMap("scores").set("q3", 9));
    expect(validated.tryApply(good)).toEqual({ ok: true });
    expect(validated.doc.getMap("scores").get("q3")).toBe(9);
    expect(validated.doc.getMap("scores").has("q2")).toBe(false);
  });

  it("refuses to load a state that breaks the schema", () => {
    const bad = editOf(null, (d) => d.getMap("scores").set("q1", -1));
    expect(() => ValidatedCopyDoc.load(bad, SCALE)).toThrowError(/outside/);
    const unknown = editOf(null, (d) => d.getMap("scores").set("q9", 1));
    expect(() => ValidatedCopyDoc.load(unknown, SCALE)).toThrowError(/unknown question/);
  });

  it("loads a stored score above a max lowered since, but refuses to set one", () => {
    const stored = editOf(null, (d) => d.getMap("scores").set("q1", 3.5));
    const lowered = { questions: SCALE.questions.map((q) => (q.id === "q1" ? { ...q, maxPoints: 2 } : q)) };
    const validated = ValidatedCopyDoc.load(stored, lowered);
    expect(validated.doc.getMap("scores").get("q1")).toBe(3.5);
    expectRefused(validated.tryApply(editOf(stored, (d) => d.getMap("scores").set("q1", 3))), "SCHEMA_VIOLATION", "scores.q1");
    expectRefused(
      validateUpdate(
        stored,
        editOf(stored, (d) => d.getMap("scores").set("q1", 3)),
        lowered,
      ),
      "SCHEMA_VIOLATION",
      "scores.q1",
    );
    expect(validated.tryApply(editOf(stored, (d) => d.getMap("scores").set("q1", 1.5))).ok).toBe(true);
  });

  it("refuses a document that grows past the cap and stays at the last accepted state", () => {
    const validated = ValidatedCopyDoc.load(null, SCALE, { maxDocBytes: 4000 });
    const peer = newPeer(400);
    for (let i = 0; i < 3; i++) expect(validated.tryApply(captureUpdate(peer, (d) => d.getText("general").insert(0, "x".repeat(1000)))).ok).toBe(true);
    expectRefused(validated.tryApply(captureUpdate(peer, (d) => d.getText("general").insert(0, "y".repeat(1500)))), "DOC_TOO_LARGE");
    expect(validated.doc.getText("general").length).toBe(3000);
  });
});
