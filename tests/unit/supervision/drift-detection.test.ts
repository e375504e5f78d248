// The drift detection on known cases: a grader one point harsher on 30 copies is flagged with the
// gap in points and an interval excluding 0; the same gap on three copies is not (too little
// evidence); a gap under the threshold is not; noise without bias is not; the boundary is strict
// early and eases as the grader's copies accumulate; the statistics behind it match known values.
import { describe, expect, it } from "vitest";
import { assessAll, assessGrader, DRIFT_DEFAULTS, DriftTally, normalTail, obrienFlemingConstant, tFromZ } from "../../../server/supervision/drift-detection.ts";

/** marks cycling through a fixed pattern (mean 3, sd ≈ 1.1 on /5), shifted by `shift` */
const PATTERN = [3, 4, 2, 3.5, 1.5, 5, 3, 2.5, 4, 1.5];
function tally(graders: Record<string, { n: number; shift?: number; offset?: number }>): DriftTally {
  const t = new DriftTally();
  for (const [g, { n, shift = 0, offset = 0 }] of Object.entries(graders)) {
    for (let i = 0; i < n; i++)
      t.add({ graderId: g, questionId: "q1", copyId: `${g}-${i}`, score: Math.min(5, Math.max(0, PATTERN[(i + offset) % PATTERN.length]! + shift)) });
  }
  return t;
}
const others = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`g${i + 2}`, { n: 30, offset: i }]));

describe("drift detection", () => {
  it("flags a grader one point harsher on 30 copies, with the gap in points and its interval", () => {
    const t = tally({ g1: { n: 30, shift: -1 }, ...others });
    const d = assessGrader(t, "q1", "g1", 5, 30)!;
    expect(d.flagged).toBe(true);
    expect(d.copies).toBe(30);
    expect(d.othersCopies).toBe(210);
    expect(d.gap).toBe(-1);
    expect(d.high).toBeLessThan(0);
    expect(d.low).toBeLessThan(d.gap);
    expect(t.copiesOf("q1", "g1")).toHaveLength(30);
  });

  it("does not flag the same gap on three copies: not enough evidence", () => {
    const d = assessGrader(tally({ g1: { n: 3, shift: -1 }, ...others }), "q1", "g1", 5, 30)!;
    expect(d.gap).toBeLessThan(-0.5);
    expect(d.flagged).toBe(false);
  });

  it("does not flag a gap under the threshold (10 % of the points), however many copies", () => {
    const many = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`g${i + 2}`, { n: 400, offset: i }]));
    const d = assessGrader(tally({ g1: { n: 400, shift: -0.4 }, ...many }), "q1", "g1", 5, 400)!;
    expect(d.threshold).toBe(0.5);
    expect(d.high).toBeLessThan(0); // the evidence is there…
    expect(d.flagged).toBe(false); // …but 0.4 point on /5 is not worth an alert
  });

  it("does not flag graders who mark like the others, nor the others when one drifts by little", () => {
    const t = tally({ g1: { n: 30 }, ...others });
    expect(assessAll(t, [{ id: "q1", maxPoints: 5 }], () => 30).filter((d) => d.flagged)).toEqual([]);
  });

  it("lets the alert go when the evidence goes (the grader's later copies are in line)", () => {
    const t = tally({ g1: { n: 20, shift: -1.5 }, ...others });
    expect(assessGrader(t, "q1", "g1", 5, 60)!.flagged).toBe(true);
    for (let i = 0; i < 40; i++) t.add({ graderId: "g1", questionId: "q1", copyId: `late-${i}`, score: PATTERN[i % PATTERN.length]! + 0.5 });
    expect(assessGrader(t, "q1", "g1", 5, 60)!.flagged).toBe(false);
  });

  it("needs a stronger z early on than at the end of the grader's copies", () => {
    const t = tally({ g1: { n: 10, shift: -1 }, ...others });
    const early = assessGrader(t, "q1", "g1", 5, 40)!; // 10 of 40 copies seen
    const late = assessGrader(t, "q1", "g1", 5, 10)!; // 10 of 10
    expect(early.high - early.low).toBeGreaterThan(1.9 * (late.high - late.low));
  });

  it("ignores a question with a single grader, and returns null for a grader without marks", () => {
    const t = tally({ g1: { n: 30 } });
    expect(assessAll(t, [{ id: "q1", maxPoints: 5 }], () => 30)).toEqual([]);
    expect(assessGrader(t, "q1", "nobody", 5, 30)).toBeNull();
  });

  it("computes the statistics behind the boundary", () => {
    expect(normalTail(1.96)).toBeCloseTo(0.025, 4);
    expect(normalTail(0)).toBeCloseTo(0.5, 6);
    // P(sup |W| ≥ C over [0,1]) = 0.05 at C ≈ 2.2414 (Brownian motion, two-sided)
    expect(obrienFlemingConstant(0.05)).toBeCloseTo(2.2414, 3);
    // t quantile with 10 degrees of freedom at 97.5 %: 2.228
    expect(tFromZ(1.96, 10)).toBeCloseTo(2.228, 2);
    expect(DRIFT_DEFAULTS.minCopies).toBeGreaterThanOrEqual(8);
  });
});
