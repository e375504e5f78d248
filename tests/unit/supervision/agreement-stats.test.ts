// Agreement between two markers on double-marked copies, on known cases: marks computed by
// collab's computeMark (typed and rubric), a pair counted once whichever marked first, the
// tolerance inclusive, item agreement and Cohen's kappa against hand-computed values.
import { describe, expect, it } from "vitest";
import { computeMark, type CopyDecisions, type QuestionSpec } from "../../../collab/index.ts";
import { agreementStatistics, cohenKappa, type DoubleMark } from "../../../server/supervision/agreement-stats.ts";

const typed: QuestionSpec = { id: "q1", maxPoints: 5 };
const rubric: QuestionSpec = {
  id: "q2",
  maxPoints: 3,
  rubric: { mode: "positive", bonusMax: 0, items: ["a", "b", "c"].map((id) => ({ id, points: 1, group: null, rev: 1 })) },
};
const dec = (q: string, v: number | string[]): CopyDecisions => ({
  scores: typeof v === "number" ? { [q]: v } : {},
  items: Array.isArray(v) ? { [q]: v } : {},
  adjust: {},
  checked: [],
});
const double = (copyId: string, q: QuestionSpec, markers: [string, string], a: number | string[], b: number | string[]): DoubleMark => ({
  copyId,
  questionId: q.id,
  markers,
  marks: [computeMark(q, dec(q.id, a)), computeMark(q, dec(q.id, b))],
});

describe("agreement statistics", () => {
  it("gives per question and pair the mean absolute and signed differences and the share within tolerance", () => {
    const stats = agreementStatistics(
      [
        double("c1", typed, ["ann", "bob"], 4, 3),
        double("c2", typed, ["bob", "ann"], 2, 2.5),
        double("c3", typed, ["ann", "bob"], 1, 1),
        double("c4", typed, ["ann", "bob"], 5, 3),
      ],
      () => 0.5,
      () => [],
    );
    expect(stats).toEqual([{ questionId: "q1", markers: ["ann", "bob"], copies: 4, meanAbsDiff: 0.875, meanDiff: 0.875, withinTolerance: 0.5, items: null }]);
  });

  it("measures agreement on rubric items, and Cohen's kappa of those decisions", () => {
    // c1: both a,b; c2: ann a, bob a,c; c3: ann nothing… (item decisions over a, b, c)
    const [s] = agreementStatistics(
      [
        double("c1", rubric, ["ann", "bob"], ["a", "b"], ["a", "b"]),
        double("c2", rubric, ["ann", "bob"], ["a"], ["a", "c"]),
        double("c3", rubric, ["ann", "bob"], ["b", "c"], ["b"]),
      ],
      () => 0,
      () => ["a", "b", "c"],
    );
    expect(s).toMatchObject({ copies: 3, meanAbsDiff: 0.667, meanDiff: 0, withinTolerance: 0.333 });
    // 9 decisions, 7 shared; ann applies 5/9, bob 5/9: chance 41/81, kappa = (7/9 − 41/81)/(40/81) = 0.55
    expect(s!.items).toEqual({ agreement: 0.778, kappa: 0.55 });
  });

  it("leaves out copies not marked by both, and a marker paired with themselves", () => {
    const unmarked = {
      ...double("c1", typed, ["ann", "bob"], 3, 3),
      marks: [computeMark(typed, dec("q1", 3)), computeMark(typed, { scores: {}, items: {}, adjust: {}, checked: [] })] as DoubleMark["marks"],
    };
    expect(
      agreementStatistics(
        [unmarked, double("c2", typed, ["ann", "ann"], 3, 4)],
        () => 0.5,
        () => [],
      ),
    ).toEqual([]);
  });

  it("has no kappa when chance agreement is total", () => {
    expect(
      cohenKappa([
        [false, false],
        [false, false],
      ]),
    ).toBeNull();
    expect(
      cohenKappa([
        [true, true],
        [false, false],
      ]),
    ).toBe(1);
    expect(cohenKappa([])).toBeNull();
  });
});
