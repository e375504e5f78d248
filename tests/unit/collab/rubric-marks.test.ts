// Rubric decisions in the copy document: the scoring function (marks.ts), the validator's rules
// for items, adjustments and "checked", and how concurrent decisions merge.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  ValidatedCopyDoc,
  applyItem,
  computeMark,
  computeMarks,
  copyMarks,
  docContentFingerprint,
  itemKey,
  NO_DECISIONS,
  readDecisions,
  removeItem,
  setAdjustment,
  setChecked,
  setScore,
  validateUpdate,
  type CopyDecisions,
  type QuestionSpec,
  type ScaleSpec,
  type ValidationResult,
} from "../../../collab/index.ts";
import { captureUpdate, newPeer } from "./collab-fixtures.ts";

const positive: QuestionSpec = {
  id: "q1",
  maxPoints: 4,
  rubric: {
    mode: "positive",
    bonusMax: 0,
    items: [
      { id: "full", points: 4, group: "level", rev: 1 },
      { id: "half", points: 2, group: "level", rev: 1 },
      { id: "units", points: 0.5, group: null, rev: 2 },
      { id: "sign", points: -1, group: null, rev: 1 },
    ],
  },
};
const negative: QuestionSpec = {
  id: "q2",
  maxPoints: 5,
  rubric: {
    mode: "negative",
    bonusMax: 1,
    items: [
      { id: "err", points: -1.5, group: null, rev: 1 },
      { id: "bonus", points: 1.5, group: null, rev: 1 },
    ],
  },
};
const typed: QuestionSpec = { id: "q3", maxPoints: 3 };
const SCALE: ScaleSpec = { questions: [positive, negative, typed] };

const decisions = (d: Partial<CopyDecisions>): CopyDecisions => ({ ...NO_DECISIONS, ...d });

describe("computeMark", () => {
  it("adds items from 0 in positive mode and keeps within [0, max]", () => {
    expect(computeMark(positive, decisions({ items: { q1: ["half", "units"] } }))).toMatchObject({ score: 2.5, source: "rubric", clipped: null, raw: 2.5 });
    expect(computeMark(positive, decisions({ items: { q1: ["full", "units"] } }))).toMatchObject({ score: 4, clipped: "high", raw: 4.5 });
    expect(computeMark(positive, decisions({ items: { q1: ["sign"] } }))).toMatchObject({ score: 0, clipped: "low", raw: -1 });
  });

  it("subtracts from the max in negative mode; a bonus may pass the max up to bonusMax", () => {
    expect(computeMark(negative, decisions({ items: { q2: ["err"] } }))).toMatchObject({ score: 3.5 });
    expect(computeMark(negative, decisions({ checked: ["q2"] }))).toMatchObject({ score: 5, applied: [] });
    expect(computeMark(negative, decisions({ items: { q2: ["bonus"] } }))).toMatchObject({ score: 6, clipped: "high", raw: 6.5 });
  });

  it("adds the adjustment and says when a bound clips it", () => {
    const adjust = { q1: { points: 0.5, comment: "bonne idée" } };
    expect(computeMark(positive, decisions({ items: { q1: ["half"] }, adjust }))).toMatchObject({ score: 2.5, adjustment: adjust.q1 });
    expect(computeMark(positive, decisions({ adjust: { q1: { points: -2, comment: "x" } } }))).toMatchObject({ score: 0, clipped: "low" });
  });

  it("counts one item per group, the first in the rubric's order, whatever the application order", () => {
    const m = computeMark(positive, decisions({ items: { q1: ["half", "full"] } }));
    expect(m.applied.map((i) => i.id)).toEqual(["full"]);
    expect(m.ignored).toEqual([{ id: "half", reason: "group" }]);
    expect(m.score).toBe(4);
  });

  it("ignores an item the current rubric lacks; with nothing decided the question is not graded", () => {
    expect(computeMark(positive, decisions({ items: { q1: ["gone", "half"] } }))).toMatchObject({ score: 2, ignored: [{ id: "gone", reason: "unknown" }] });
    expect(computeMark(positive, NO_DECISIONS)).toMatchObject({ score: null, source: null });
  });

  it("keeps a typed score given before the question had items, and bounds typed scores by the max", () => {
    expect(computeMark(positive, decisions({ scores: { q1: 3 } }))).toMatchObject({ score: 3, source: "typed" });
    expect(computeMark(typed, decisions({ scores: { q3: 3.5 } }))).toMatchObject({ score: 3, clipped: "high" });
    expect(computeMark(typed, decisions({ scores: { q3: null } }))).toMatchObject({ score: null });
  });

  it("totals a copy and lists what is not graded", () => {
    const marks = computeMarks(SCALE, decisions({ items: { q1: ["half"] }, checked: ["q2"] }));
    expect(marks.total).toBe(7);
    expect(marks.max).toBe(12);
    expect(marks.unscored).toEqual(["q3"]);
  });
});

function editOf(state: Uint8Array | null, edit: (doc: Y.Doc) => void, client = 200): Uint8Array {
  return captureUpdate(newPeer(client, state ?? undefined), edit);
}

function expectRefused(result: ValidationResult, code: string, path?: string): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.code).toBe(code);
  if (path !== undefined) expect(result.path).toBe(path);
}

/** Both validators (whole-doc and incremental) on the same update, and the incremental one's doc unchanged when refused. */
function bothRefuse(state: Uint8Array | null, update: Uint8Array, code: string, path?: string, scale: ScaleSpec = SCALE): void {
  expectRefused(validateUpdate(state, update, scale), code, path);
  const validated = ValidatedCopyDoc.load(state, scale);
  const before = docContentFingerprint(validated.doc);
  expectRefused(validated.tryApply(update), code, path);
  expect(docContentFingerprint(validated.doc)).toBe(before);
}

describe("the validator's rules for decisions", () => {
  const base = editOf(null, (d) => applyItem(d, "q1", "half", 1), 100);

  it("accepts items at their current revision, adjustments with a comment, checked", () => {
    const update = editOf(base, (d) => {
      applyItem(d, "q1", "units", 2);
      setAdjustment(d, "q2", { points: -0.5, comment: "présentation" });
      setChecked(d, "q2", true);
    });
    expect(validateUpdate(base, update, SCALE).ok).toBe(true);
    const v = ValidatedCopyDoc.load(base, SCALE);
    expect(v.tryApply(update).ok).toBe(true);
    expect(copyMarks(v.doc, SCALE).marks.map((m) => m.score)).toEqual([2.5, 4.5, null]);
  });

  it("refuses an item that does not exist", () => {
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("items").set(itemKey("q1", "nope"), 1)),
      "UNKNOWN_ITEM",
      "items.q1|nope",
    );
  });

  it("refuses an item applied at a revision that is not the current one", () => {
    bothRefuse(
      base,
      editOf(base, (d) => applyItem(d, "q1", "units", 1)),
      "RUBRIC_STALE",
      "items.q1|units",
    );
  });

  it("refuses a second item of a group; replacing it in one transaction is fine", () => {
    bothRefuse(
      base,
      editOf(base, (d) => applyItem(d, "q1", "full", 1)),
      "ITEM_GROUP_TAKEN",
    );
    expect(
      validateUpdate(
        base,
        editOf(base, (d) => applyItem(d, "q1", "full", 1, { replacing: ["half"] })),
        SCALE,
      ).ok,
    ).toBe(true);
  });

  it("refuses decisions on a question without items, typed scores on a rubric question, malformed values", () => {
    bothRefuse(
      base,
      editOf(base, (d) => setScore(d, "q1", 2)),
      "SCHEMA_VIOLATION",
      "scores.q1",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("adjust").set("q3", { points: 1, comment: "x" })),
      "SCHEMA_VIOLATION",
      "adjust.q3",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("checked").set("q3", true)),
      "SCHEMA_VIOLATION",
      "checked.q3",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("adjust").set("q1", { points: 1, comment: "  " })),
      "SCHEMA_VIOLATION",
      "adjust.q1",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("adjust").set("q1", { points: Number.POSITIVE_INFINITY, comment: "x" })),
      "SCHEMA_VIOLATION",
      "adjust.q1",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("adjust").set("q1", { points: 1, comment: "x", by: "me" })),
      "SCHEMA_VIOLATION",
      "adjust.q1",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("checked").set("q1", "yes")),
      "SCHEMA_VIOLATION",
      "checked.q1",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("items").set("q1|units", 2.5)),
      "SCHEMA_VIOLATION",
      "items.q1|units",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("items").set("units", 2)),
      "SCHEMA_VIOLATION",
      "items.units",
    );
    bothRefuse(
      base,
      editOf(base, (d) => d.getMap("items").set("q9|units", 2)),
      "SCHEMA_VIOLATION",
      "items.q9|units",
    );
  });

  it("loads a stored decision the rubric no longer allows, and scores around it", () => {
    const withoutHalf: ScaleSpec = {
      questions: [{ ...positive, rubric: { ...positive.rubric!, items: positive.rubric!.items.filter((i) => i.id !== "half") } }, negative, typed],
    };
    const v = ValidatedCopyDoc.load(base, withoutHalf);
    expect(copyMarks(v.doc, withoutHalf).marks[0]).toMatchObject({ score: 0, ignored: [{ id: "half", reason: "unknown" }] });
    // removing the dangling item is allowed; applying another one too
    expect(v.tryApply(editOf(base, (d) => removeItem(d, "q1", "half"))).ok).toBe(true);
  });

  it("refuses decisions under a root outside the schema", () => {
    const m2 = editOf(null, (d) => d.getMap("m2/items").set(itemKey("q1", "half"), 1));
    expectRefused(validateUpdate(null, m2, SCALE), "SCHEMA_VIOLATION", "m2/items");
  });
});

describe("concurrent decisions", () => {
  it("two graders applying different items both count", () => {
    const a = newPeer(1);
    const b = newPeer(2);
    applyItem(a, "q1", "half", 1);
    applyItem(b, "q1", "units", 2);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(copyMarks(a, SCALE).marks[0]!.score).toBe(2.5);
    expect(copyMarks(b, SCALE)).toEqual(copyMarks(a, SCALE));
  });

  it("two items of one group applied at once: the server keeps the first committed and refuses the second", () => {
    const a = editOf(null, (d) => applyItem(d, "q1", "half", 1), 1);
    const b = editOf(null, (d) => applyItem(d, "q1", "full", 1), 2);
    const v = ValidatedCopyDoc.load(null, SCALE);
    expect(v.tryApply(a).ok).toBe(true);
    expectRefused(v.tryApply(b), "ITEM_GROUP_TAKEN");
    expect(copyMarks(v.doc, SCALE).marks[0]!.score).toBe(2);
  });

  it("any interleaving of decisions converges to the same marks on every peer", () => {
    const ops = fc.constantFrom<Array<(d: Y.Doc) => void>>(
      [(d) => applyItem(d, "q1", "half", 1, { replacing: ["full"] })],
      [(d) => applyItem(d, "q1", "full", 1, { replacing: ["half"] })],
      [(d) => applyItem(d, "q1", "units", 2)],
      [(d) => removeItem(d, "q1", "units")],
      [(d) => setAdjustment(d, "q1", { points: 0.5, comment: "x" })],
      [(d) => setAdjustment(d, "q1", null)],
      [(d) => setChecked(d, "q2", true)],
      [(d) => applyItem(d, "q2", "err", 1)],
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), ops), { maxLength: 12 }), (steps) => {
        const a = newPeer(1);
        const b = newPeer(2);
        for (const [onA, [op]] of steps) op!(onA ? a : b);
        Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
        Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
        expect(computeMarks(SCALE, readDecisions(a))).toEqual(computeMarks(SCALE, readDecisions(b)));
      }),
      { numRuns: 200 },
    );
  });
});
