import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  AnnotationSchema,
  CollabError,
  LOCAL_ORIGIN,
  SERVER_ORIGIN,
  addAnnotation,
  newAnnotationId,
  readCopyDoc,
  removeAnnotation,
  scaleMax,
  setComment,
  setGeneralComment,
  setScore,
  copyMarks,
  unscoredQuestions,
  updateAnnotation,
  type Annotation,
} from "../../../collab/index.ts";
import { SCALE, newPeer, penAnnotation, textAnnotation } from "./collab-fixtures.ts";

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CollabError);
    expect((err as CollabError).code).toBe(code);
    return;
  }
  throw new Error(`expected CollabError ${code}`);
}

describe("copy doc helpers", () => {
  it("round-trips annotations, scores, comments and the general comment through a second peer", () => {
    const a = newPeer(1);
    const pen = penAnnotation();
    const text = textAnnotation();
    addAnnotation(a, pen);
    addAnnotation(a, text);
    setScore(a, "q1", 3.5);
    setScore(a, "q2", null);
    setComment(a, "q1", "Raisonnement juste");
    setGeneralComment(a, "Bon travail dans l'ensemble.");

    const b = newPeer(2, Y.encodeStateAsUpdate(a));
    expect(readCopyDoc(b)).toEqual({
      annotations: [pen, text],
      scores: { q1: 3.5, q2: null },
      comments: { q1: "Raisonnement juste" },
      general: "Bon travail dans l'ensemble.",
      items: {},
      adjust: {},
      checked: [],
    });
  });

  it("stores a copy: mutating the caller's object later does not change the doc", () => {
    const doc = newPeer(1);
    const pen = penAnnotation() as Annotation & { points: number[] };
    addAnnotation(doc, pen);
    pen.points[0] = 0.99;
    expect((readCopyDoc(doc).annotations[0] as { points: number[] }).points[0]).toBe(0.1);
  });

  it("moves, edits and removes annotations", () => {
    const doc = newPeer(1);
    const pen = penAnnotation();
    const text = textAnnotation();
    addAnnotation(doc, pen);
    addAnnotation(doc, text);
    updateAnnotation(doc, pen.id, { points: [0.5, 0.5, 0.6, 0.6], pressures: undefined });
    updateAnnotation(doc, text.id, { box: { x: 0, y: 0, w: 1, h: 1 }, text: "Revoir" });
    const [movedPen, movedText] = readCopyDoc(doc).annotations;
    expect(movedPen).toEqual({ ...pen, points: [0.5, 0.5, 0.6, 0.6], pressures: undefined });
    expect(movedPen).not.toHaveProperty("pressures");
    expect(movedText).toMatchObject({ box: { x: 0, y: 0, w: 1, h: 1 }, text: "Revoir" });
    expect(removeAnnotation(doc, pen.id)).toBe(true);
    expect(removeAnnotation(doc, pen.id)).toBe(false);
    expect(readCopyDoc(doc).annotations.map((a) => a.id)).toEqual([text.id]);
  });

  it("refuses bad input with a coded error and leaves the doc untouched", () => {
    const doc = newPeer(1);
    const pen = penAnnotation();
    addAnnotation(doc, pen);
    const before = Y.encodeStateAsUpdate(doc);
    expectCode(() => addAnnotation(doc, pen), "ANNOTATION_EXISTS");
    expectCode(() => addAnnotation(doc, penAnnotation({ points: [0.1, 1.2] })), "INVALID_ANNOTATION");
    expectCode(() => addAnnotation(doc, { ...penAnnotation(), kind: "laser" } as unknown as Annotation), "INVALID_ANNOTATION");
    expectCode(() => updateAnnotation(doc, "nope", { page: 1 }), "ANNOTATION_NOT_FOUND");
    expectCode(() => updateAnnotation(doc, pen.id, { box: { x: 0, y: 0, w: 0.1, h: 0.1 } }), "INVALID_ANNOTATION");
    expectCode(() => updateAnnotation(doc, pen.id, { kind: "box" } as never), "INVALID_ANNOTATION");
    expectCode(() => setScore(doc, "q1", -1), "INVALID_SCORE");
    expectCode(() => setScore(doc, "q1", Number.NaN), "INVALID_SCORE");
    expectCode(() => setComment(doc, "q1", "x".repeat(5001)), "INVALID_COMMENT");
    expectCode(() => setGeneralComment(doc, "x".repeat(20001)), "INVALID_COMMENT");
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });

  it("makes each write one transaction tagged with its origin", () => {
    const doc = newPeer(1);
    const origins: unknown[] = [];
    doc.on("afterTransaction", (tr: Y.Transaction) => origins.push(tr.origin));
    addAnnotation(doc, penAnnotation());
    setScore(doc, "q1", 1, SERVER_ORIGIN);
    setGeneralComment(doc, "abc");
    expect(origins).toEqual([LOCAL_ORIGIN, SERVER_ORIGIN, LOCAL_ORIGIN]);
  });

  it("edits only the differing span of the general comment, so concurrent edits survive", () => {
    const a = newPeer(1);
    setGeneralComment(a, "Bon début. Conclusion absente.");
    const b = newPeer(2, Y.encodeStateAsUpdate(a));
    setGeneralComment(a, "Très bon début. Conclusion absente.");
    setGeneralComment(b, "Bon début. Conclusion absente. Soin.");
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readCopyDoc(a).general).toBe("Très bon début. Conclusion absente. Soin.");
    expect(readCopyDoc(b).general).toBe(readCopyDoc(a).general);
  });

  it("totals scores and lists unscored questions in scale order", () => {
    const doc = newPeer(1);
    expect(scaleMax(SCALE)).toBe(16.5);
    setScore(doc, "q1", 0.1);
    setScore(doc, "q3", 0.2);
    setScore(doc, "q2", null);
    expect(copyMarks(doc, SCALE).total).toBe(0.3);
    expect(unscoredQuestions(doc, SCALE)).toEqual(["q2"]);
    setComment(doc, "q1", "x");
    setComment(doc, "q1", "");
    expect(readCopyDoc(doc).comments).toEqual({});
  });

  it("generates ids the schema accepts", () => {
    const id = newAnnotationId();
    expect(AnnotationSchema.safeParse(penAnnotation({ id })).success).toBe(true);
  });
});
