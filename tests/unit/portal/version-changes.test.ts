// What a student is told changed between released versions: which questions, before → after, why.
import { describe, expect, it } from "vitest";
import { versionChanges, type FrozenMark, type FrozenVersion } from "../../../server/portal/version-changes.ts";

const mark = (questionId: string, score: number | null, over: Partial<FrozenMark> = {}): FrozenMark => ({
  questionId,
  label: questionId,
  path: `Ex › ${questionId}`,
  score,
  max: 5,
  items: [],
  adjustment: null,
  clipped: null,
  ...over,
});

const version = (number: number, docHash: string, marks: FrozenMark[], over: Partial<FrozenVersion> = {}): FrozenVersion => ({
  number,
  docHash: docHash.padEnd(64, "0"),
  rubricVersion: 1,
  total: marks.reduce((s, m) => s + (m.score ?? 0), 0),
  maxPoints: marks.reduce((s, m) => s + m.max, 0),
  marks,
  ...over,
});

const items = (...ids: string[]) => ids.map((id) => ({ id }));

describe("versionChanges", () => {
  it("lists only the questions whose mark moved, with the totals", () => {
    const r = versionChanges([version(1, "a", [mark("q1", 3), mark("q2", 4)]), version(2, "b", [mark("q1", 3), mark("q2", 2)])], []);
    expect(r).toEqual({
      from: 1,
      to: 2,
      changes: [{ questionId: "q2", label: "q2", path: "Ex › q2", max: 5, maxBefore: 5, before: 4, after: 2, reason: "correction", reasons: ["correction"] }],
      total: { before: 7, after: 5, maxBefore: 10, maxAfter: 10 },
    });
  });

  it("nothing moved: no change (a comment alone is not a mark change)", () => {
    expect(versionChanges([version(1, "a", [mark("q1", 3)]), version(2, "b", [mark("q1", 3)])], []).changes).toEqual([]);
  });

  it("a regrade request resolved by the later version names the question's reason", () => {
    const r = versionChanges(
      [version(1, "a", [mark("q1", 3), mark("q2", 4)]), version(2, "b", [mark("q1", 4), mark("q2", 5)])],
      [{ questionId: "q2", resolvedVersion: 2 }],
    );
    expect(r.changes.map((c) => [c.questionId, c.reason])).toEqual([
      ["q1", "correction"],
      ["q2", "regrade"],
    ]);
  });

  it("a request resolved by another version does not count", () => {
    const r = versionChanges([version(1, "a", [mark("q1", 3)]), version(2, "b", [mark("q1", 4)])], [{ questionId: "q1", resolvedVersion: 3 }]);
    expect(r.changes[0]!.reason).toBe("correction");
  });

  it("same document, other marks: the rubric or the scale re-scored it", () => {
    const r = versionChanges(
      [version(1, "a", [mark("q1", 3, { items: items("i1") })]), version(2, "a", [mark("q1", 3.5, { items: items("i1") })], { rubricVersion: 2 })],
      [],
    );
    expect(r.changes[0]).toMatchObject({ before: 3, after: 3.5, reason: "rubric" });
  });

  it("document changed elsewhere, same items and adjustment on the question: rubric", () => {
    const adj = { points: -0.5, comment: "Unité" };
    const r = versionChanges(
      [
        version(1, "a", [mark("q1", 2, { items: items("i1", "i2"), adjustment: adj }), mark("q2", 1)]),
        version(2, "b", [mark("q1", 2.5, { items: items("i2", "i1"), adjustment: adj }), mark("q2", 2)], { rubricVersion: 2 }),
      ],
      [],
    );
    expect(r.changes.map((c) => [c.questionId, c.reason])).toEqual([
      ["q1", "rubric"],
      ["q2", "correction"],
    ]);
  });

  it("another item or another adjustment is a correction", () => {
    const v1 = version(1, "a", [mark("q1", 2, { items: items("i1") }), mark("q2", 2, { items: items("i1") })]);
    const v2 = version(2, "b", [
      mark("q1", 3, { items: items("i1", "i2") }),
      mark("q2", 1.5, { items: items("i1"), adjustment: { points: -0.5, comment: "x" } }),
    ]);
    expect(versionChanges([v1, v2], []).changes.map((c) => c.reason)).toEqual(["correction", "correction"]);
  });

  it("a typed score held by a lowered max is the scale's doing; a new typed score is a correction", () => {
    const r = versionChanges(
      [version(1, "a", [mark("q1", 5), mark("q2", 4)]), version(2, "b", [mark("q1", 4, { max: 4, clipped: "high" }), mark("q2", 3)])],
      [],
    );
    expect(r.changes).toMatchObject([
      { questionId: "q1", before: 5, after: 4, maxBefore: 5, max: 4, reason: "rubric" },
      { questionId: "q2", reason: "correction" },
    ]);
  });

  it("a max that moved alone is listed", () => {
    const r = versionChanges([version(1, "a", [mark("q1", 3)]), version(2, "a", [mark("q1", 3, { max: 8 })])], []);
    expect(r.changes).toMatchObject([{ before: 3, after: 3, maxBefore: 5, max: 8, reason: "rubric" }]);
    expect(r.total).toEqual({ before: 3, after: 3, maxBefore: 5, maxAfter: 8 });
  });

  it("across several versions: every reason met, the strongest first; a mark changed and changed back is not listed", () => {
    const r = versionChanges(
      [
        version(1, "a", [mark("q1", 2, { items: items("i1") }), mark("q2", 3)]),
        version(2, "b", [mark("q1", 3, { items: items("i1", "i2") }), mark("q2", 4)]),
        version(3, "b", [mark("q1", 3.5, { items: items("i1", "i2") }), mark("q2", 4)], { rubricVersion: 2 }),
        version(4, "c", [mark("q1", 3.5, { items: items("i1", "i2") }), mark("q2", 3)]),
      ],
      [{ questionId: "q1", resolvedVersion: 2 }],
    );
    expect(r).toMatchObject({ from: 1, to: 4 });
    expect(r.changes).toMatchObject([{ questionId: "q1", before: 2, after: 3.5, reason: "regrade", reasons: ["regrade", "rubric"] }]);
  });

  it("a question graded only in the later version, or absent from the earlier scale", () => {
    const r = versionChanges([version(1, "a", [mark("q1", null)]), version(2, "b", [mark("q1", 2), mark("q9", 1)])], []);
    expect(r.changes).toMatchObject([
      { questionId: "q1", before: null, after: 2, reason: "correction" },
      { questionId: "q9", before: null, after: 1, maxBefore: 5, reason: "correction" },
    ]);
  });

  it("refuses an empty list", () => {
    expect(() => versionChanges([], [])).toThrow();
  });
});
