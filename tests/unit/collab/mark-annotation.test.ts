// The `mark` annotation: a question's score placed on the page. Its questionId must be a
// question of the scale (as a score's key must), it is a box like the others, its text is
// never stored, and its questionId cannot be patched. Both validators agree on every case.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  AnnotationSchema,
  CollabError,
  ValidatedCopyDoc,
  addAnnotation,
  readAnnotations,
  updateAnnotation,
  validateUpdate,
  type Annotation,
  type MarkAnnotation,
  type ValidationResult,
} from "../../../collab/index.ts";
import { SCALE, captureUpdate, newPeer, penAnnotation } from "./collab-fixtures.ts";

let seq = 0;
function markAnnotation(overrides: Partial<MarkAnnotation> = {}): MarkAnnotation {
  seq++;
  return {
    id: `mark-${seq}`,
    page: 0,
    kind: "mark",
    box: { x: 0.88, y: 0.2, w: 0.1, h: 0.03 },
    questionId: "q2",
    color: "#d32f2f",
    width: 0.002,
    author: "user-1",
    createdAt: 1_700_000_000_000 + seq,
    ...overrides,
  };
}

/** A stored doc holding one mark and one pen stroke. */
function baseState(): { state: Uint8Array; markId: string; penId: string } {
  const doc = newPeer(100);
  const mark = markAnnotation();
  const pen = penAnnotation();
  addAnnotation(doc, mark);
  addAnnotation(doc, pen);
  return { state: Y.encodeStateAsUpdate(doc), markId: mark.id, penId: pen.id };
}

/** Both validators' verdicts on `update` over `state`. */
function verdicts(state: Uint8Array | null, update: Uint8Array): ValidationResult[] {
  const validated = ValidatedCopyDoc.load(state, SCALE, { pageCount: 3 });
  try {
    return [validateUpdate(state, update, SCALE, { pageCount: 3 }), validated.tryApply(update)];
  } finally {
    validated.destroy();
  }
}

/** A raw Y.Map entry, as a crafted client could send it (bypassing the helpers' checks). */
const rawEntry = (a: Record<string, unknown>) => new Y.Map<unknown>(Object.entries(a).filter(([k, v]) => k !== "id" && v !== undefined));

describe("mark annotations are accepted", () => {
  it("with a question of the scale, and they read back without any stored text", () => {
    const { state, markId } = baseState();
    const update = captureUpdate(newPeer(200, state), (d) => addAnnotation(d, markAnnotation({ questionId: "q1", page: 2 })));
    for (const v of verdicts(state, update)) expect(v).toEqual({ ok: true });
    const doc = newPeer(1, state);
    const read = readAnnotations(doc).find((a) => a.id === markId);
    expect(read).toMatchObject({ kind: "mark", questionId: "q2" });
    expect(read).not.toHaveProperty("text");
  });

  it("moved or resized, and two marks of the same question", () => {
    const { state, markId } = baseState();
    const peer = newPeer(200, state);
    const moved = captureUpdate(peer, (d) => updateAnnotation(d, markId, { box: { x: 0.9, y: 0.5, w: 0.09, h: 0.04 } }));
    for (const v of verdicts(state, moved)) expect(v).toEqual({ ok: true });
    const second = captureUpdate(newPeer(300, state), (d) => addAnnotation(d, markAnnotation({ questionId: "q2" })));
    for (const v of verdicts(state, second)) expect(v).toEqual({ ok: true });
  });
});

describe("mark annotations are refused", () => {
  const { state, markId, penId } = baseState();
  const ann = (d: Y.Doc, id: string) => d.getMap<Y.Map<unknown>>("annotations").get(id) as Y.Map<unknown>;
  const add = (a: Record<string, unknown>) => (d: Y.Doc) => d.getMap("annotations").set(a.id as string, rawEntry(a));
  const cases: Array<[string, (d: Y.Doc) => void, string]> = [
    ["a question outside the scale", add(markAnnotation({ id: "m-unknown", questionId: "q9" })), "annotations.m-unknown.questionId"],
    ["an existing mark moved to an unknown question", (d) => ann(d, markId).set("questionId", "nope"), `annotations.${markId}.questionId`],
    ["no questionId", add({ ...markAnnotation({ id: "m-none" }), questionId: undefined }), "annotations.m-none.questionId"],
    ["an empty questionId", add(markAnnotation({ id: "m-empty", questionId: "" })), "annotations.m-empty.questionId"],
    ["a questionId that is not a string", (d) => ann(d, markId).set("questionId", 2), `annotations.${markId}.questionId`],
    ["a questionId as a nested type", (d) => ann(d, markId).set("questionId", new Y.Text("q1")), `annotations.${markId}.questionId`],
    ["a stored text", (d) => ann(d, markId).set("text", "2,5 / 4"), `annotations.${markId}.text`],
    ["a box leaving the page", (d) => ann(d, markId).set("box", { x: 0.95, y: 0.2, w: 0.1, h: 0.03 }), `annotations.${markId}.box`],
    ["a negative box", (d) => ann(d, markId).set("box", { x: -0.1, y: 0.2, w: 0.1, h: 0.03 }), `annotations.${markId}.box.x`],
    ["points instead of a box", (d) => ann(d, markId).set("points", [0.1, 0.1]), `annotations.${markId}.points`],
    ["no box", (d) => ann(d, markId).delete("box"), `annotations.${markId}.box`],
    ["a page beyond the copy", (d) => ann(d, markId).set("page", 3), `annotations.${markId}.page`],
    ["a questionId on a pen stroke", (d) => ann(d, penId).set("questionId", "q1"), `annotations.${penId}.questionId`],
  ];
  for (const [name, edit, path] of cases) {
    it(name, () => {
      const update = captureUpdate(newPeer(200, state), edit);
      for (const v of verdicts(state, update)) expect(v).toMatchObject({ ok: false, code: "SCHEMA_VIOLATION", path });
    });
  }

  it("by the helpers before anything is sent: an unknown kind of field, a questionId patch", () => {
    const doc = newPeer(5, state);
    expect(() => updateAnnotation(doc, markId, { questionId: "q1" } as never)).toThrow(CollabError);
    expect(() => addAnnotation(doc, { ...markAnnotation(), questionId: "" })).toThrow(CollabError);
    expect(readAnnotations(doc).find((a) => a.id === markId)).toMatchObject({ questionId: "q2" });
  });
});

describe("mark questionId property", () => {
  const knownIds = SCALE.questions.map((q) => q.id);
  const idArb = fc.oneof(fc.constantFrom(...knownIds), fc.string({ minLength: 0, maxLength: 140 }));

  it("a mark is accepted exactly when its questionId is a question of the scale, by both validators", () => {
    fc.assert(
      fc.property(idArb, fc.double({ min: 0, max: 0.9, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true }), (questionId, x, y) => {
        const candidate = markAnnotation({ questionId, box: { x, y, w: 0.1, h: 0.05 } });
        const update = captureUpdate(newPeer(7), (d) => d.getMap("annotations").set(candidate.id, rawEntry(candidate)));
        const expected = knownIds.includes(questionId);
        for (const v of verdicts(null, update)) {
          expect(v.ok).toBe(expected);
          if (!v.ok) expect(v.path).toBe(`annotations.${candidate.id}.questionId`);
        }
        // the plain schema knows no scale: it only asks for a non-empty id
        expect(AnnotationSchema.safeParse(candidate).success).toBe(questionId.length >= 1 && questionId.length <= 128);
      }),
      { numRuns: 200 },
    );
  });

  it("concurrent moves and score edits around a mark always merge into a valid doc", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 1 }), fc.double({ min: 0, max: 0.9, noNaN: true }), fc.option(fc.double({ min: 0, max: 1, noNaN: true }))), {
          maxLength: 12,
        }),
        (edits) => {
          const { state, markId } = baseState();
          const peers = [newPeer(11, state), newPeer(12, state)];
          const updates: Uint8Array[] = [];
          for (const [who, x, fraction] of edits) {
            const doc = peers[who]!;
            updates.push(
              captureUpdate(doc, (d) => {
                updateAnnotation(d, markId, { box: { x, y: x, w: 0.1, h: 0.05 } });
                d.getMap("scores").set("q2", fraction === null ? null : fraction * 2.5);
              }),
            );
          }
          let merged: Uint8Array = state;
          for (const u of updates) merged = Y.mergeUpdates([merged, u]);
          const server = ValidatedCopyDoc.load(merged, SCALE, { pageCount: 3 }); // throws on an invalid merge
          const marks = readAnnotations(server.doc).filter((a): a is Annotation & { kind: "mark" } => a.kind === "mark");
          expect(marks.map((m) => m.questionId)).toEqual(["q2"]);
          server.destroy();
        },
      ),
      { numRuns: 100 },
    );
  });
});
