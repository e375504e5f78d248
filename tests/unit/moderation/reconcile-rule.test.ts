import { describe, expect, it } from "vitest";
import { questionGrain, reconcileQuestion, roundToGrain } from "../../../server/moderation/reconcile-rule.ts";

const base = { tolerance: 0.5, grain: 0.25 } as const;

describe("reconcileQuestion", () => {
  it("agrees within tolerance by the exam's rule", () => {
    expect(reconcileQuestion({ ...base, rule: "FIRST", first: 3, second: 3.5 })).toEqual({ state: "agreed", mark: 3 });
    expect(reconcileQuestion({ ...base, rule: "HIGHER", first: 3, second: 3.5 })).toEqual({ state: "agreed", mark: 3.5 });
    expect(reconcileQuestion({ ...base, rule: "MEAN", first: 3, second: 3.5 })).toEqual({ state: "agreed", mark: 3.25 });
    expect(reconcileQuestion({ ...base, rule: "HIGHER", first: 4, second: 3.5 })).toEqual({ state: "agreed", mark: 4 });
  });

  it("counts the tolerance inclusively, binary noise aside", () => {
    expect(reconcileQuestion({ ...base, rule: "FIRST", first: 0.3, second: 0.1 + 0.7 })).toEqual({ state: "agreed", mark: 0.3 });
    expect(reconcileQuestion({ ...base, rule: "FIRST", first: 3, second: 3.51 })).toEqual({ state: "pending" });
  });

  it("waits for a supervisor beyond tolerance or when a layer left the question unmarked", () => {
    expect(reconcileQuestion({ ...base, rule: "MEAN", first: 1, second: 3 })).toEqual({ state: "pending" });
    expect(reconcileQuestion({ ...base, rule: "MEAN", first: null, second: 3 })).toEqual({ state: "pending" });
    expect(reconcileQuestion({ ...base, rule: "MEAN", first: 2, second: null })).toEqual({ state: "pending" });
    expect(reconcileQuestion({ ...base, tolerance: 0, rule: "MEAN", first: 2, second: 2 })).toEqual({ state: "agreed", mark: 2 });
  });

  it("rounds the mean to the question's grain, halves upwards", () => {
    expect(reconcileQuestion({ tolerance: 1, grain: 0.5, rule: "MEAN", first: 2, second: 3 })).toEqual({ state: "agreed", mark: 2.5 });
    expect(reconcileQuestion({ tolerance: 1, grain: 0.5, rule: "MEAN", first: 2.5, second: 3 })).toEqual({ state: "agreed", mark: 3 });
    expect(reconcileQuestion({ tolerance: 1, grain: 0.01, rule: "MEAN", first: 1.25, second: 1.5 })).toEqual({ state: "agreed", mark: 1.38 });
  });
});

describe("questionGrain", () => {
  it("is the coarsest step writing the maximum, points and marks", () => {
    expect(questionGrain([5, 2, 3])).toBe(0.5);
    expect(questionGrain([5, 0.5, 1.5])).toBe(0.5);
    expect(questionGrain([4, 0.25, 1.75])).toBe(0.25);
    expect(questionGrain([2, 0.1 + 0.2])).toBe(0.1);
    expect(questionGrain([2, 1.33])).toBe(0.01);
  });
  it("rounds without binary noise", () => {
    expect(roundToGrain(0.30000000000000004, 0.1)).toBe(0.3);
    expect(roundToGrain(1.125, 0.25)).toBe(1.25);
  });
});
