// The second-marking planner: a stratified sample (every first marker's copies sampled, in
// proportion), chosen copies as they are, and a dispatch that never gives a copy to its first
// marker and keeps the graders' loads level.
import { describe, expect, it } from "vitest";
import { allocate, dispatchSample, drawSample, planSecondMarkings, type Candidate } from "../../../server/moderation/second-marking-plan.ts";

/** A small deterministic generator (mulberry32): the same plan for the same seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function copies(counts: Record<string, number>): Candidate[] {
  return Object.entries(counts).flatMap(([g, n]) => Array.from({ length: n }, (_, i) => ({ copyId: `${g}-${i}`, firstMarkerId: g })));
}

const byMarker = (cs: readonly Candidate[]) =>
  cs.reduce<Record<string, number>>((m, c) => ({ ...m, [c.firstMarkerId ?? ""]: (m[c.firstMarkerId ?? ""] ?? 0) + 1 }), {});

describe("drawSample", () => {
  it("takes the percentage of each first marker's copies, at least one each", () => {
    const drawn = drawSample(copies({ a: 40, b: 20, c: 3 }), { mode: "percent", percent: 10 }, seeded(1));
    expect(byMarker(drawn)).toEqual({ a: 4, b: 2, c: 1 });
    expect(new Set(drawn.map((c) => c.copyId)).size).toBe(drawn.length);
  });

  it("shares a count in proportion, every marker sampled when the count allows it", () => {
    expect(byMarker(drawSample(copies({ a: 30, b: 10 }), { mode: "count", count: 8 }, seeded(2)))).toEqual({ a: 6, b: 2 });
    expect(byMarker(drawSample(copies({ a: 50, b: 2, c: 2 }), { mode: "count", count: 3 }, seeded(3)))).toEqual({ a: 1, b: 1, c: 1 });
    expect(drawSample(copies({ a: 2, b: 1 }), { mode: "count", count: 50 }, seeded(4))).toHaveLength(3); // never more than there are
  });

  it("draws at random: another seed, another sample of the same sizes", () => {
    const pool = copies({ a: 30, b: 30 });
    const one = drawSample(pool, { mode: "percent", percent: 20 }, seeded(5))
      .map((c) => c.copyId)
      .sort();
    const two = drawSample(pool, { mode: "percent", percent: 20 }, seeded(6))
      .map((c) => c.copyId)
      .sort();
    expect(one).toHaveLength(12);
    expect(two).toHaveLength(12);
    expect(one).not.toEqual(two);
  });

  it("keeps chosen copies as they are", () => {
    const pool = copies({ a: 3, b: 3 });
    expect(drawSample(pool, { mode: "copies", copyIds: ["b-2", "a-0"] }, seeded(7)).map((c) => c.copyId)).toEqual(["a-0", "b-2"]);
  });
});

describe("allocate", () => {
  it("sums to the total and respects each stratum's size", () => {
    for (const [sizes, total] of [
      [[5, 5, 5], 7],
      [[1, 100], 10],
      [[0, 4, 9], 13],
      [[3], 0],
    ] as const) {
      const out = allocate(sizes, total);
      expect(out.reduce((a, b) => a + b, 0)).toBe(
        Math.min(
          total,
          (sizes as readonly number[]).reduce((a, b) => a + b, 0),
        ),
      );
      out.forEach((n, i) => expect(n).toBeLessThanOrEqual(sizes[i]!));
    }
  });
});

describe("dispatchSample", () => {
  it("never gives a copy to its first marker and balances the loads", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const plan = dispatchSample(copies({ a: 6, b: 5, c: 7, d: 2 }), ["a", "b", "c", "d"], new Map(), seeded(seed));
      for (const p of plan) expect(p.markerId).not.toBe(p.firstMarkerId);
      const loads = Object.values(plan.reduce<Record<string, number>>((m, p) => ({ ...m, [p.markerId!]: (m[p.markerId!] ?? 0) + 1 }), {}));
      expect(loads).toHaveLength(4);
      expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    }
  });

  it("never gives a copy to anyone who marked part of it (question-range dispatch)", () => {
    const plan = dispatchSample([{ copyId: "x", firstMarkerId: "a", otherMarkers: ["a", "b"] }], ["a", "b", "c"], new Map(), seeded(11));
    expect(plan).toEqual([{ copyId: "x", firstMarkerId: "a", markerId: "c" }]);
  });

  it("counts the markings already under way", () => {
    const plan = dispatchSample(copies({ a: 2 }), ["a", "b", "c"], new Map([["b", 5]]), seeded(9));
    expect(plan.map((p) => p.markerId)).toEqual(["c", "c"]);
  });

  it("leaves a copy waiting when only its first marker grades the exam", () => {
    expect(planSecondMarkings({ mode: "count", count: 1 }, { candidates: copies({ a: 1 }), graders: ["a"], random: seeded(10) })).toEqual([
      { copyId: "a-0", firstMarkerId: "a", markerId: null },
    ]);
  });
});
