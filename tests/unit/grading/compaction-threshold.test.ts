// Copies that start together must not all ask for their compaction in the same second: the row
// count that triggers it is spread per copy, and stays the same for a copy.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { compactionThreshold } from "../../../server/grading/compaction-threshold.ts";

describe("compactionThreshold", () => {
  it("is the same for a copy every time, within ±25 % of the base", () => {
    const id = crypto.randomUUID();
    expect(compactionThreshold(id, 200)).toBe(compactionThreshold(id, 200));
    for (let i = 0; i < 2000; i++) {
      const t = compactionThreshold(crypto.randomUUID(), 200);
      expect(t).toBeGreaterThanOrEqual(150);
      expect(t).toBeLessThan(250);
    }
  });

  it("spreads a class of copies over the whole range instead of one count", () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const t = compactionThreshold(crypto.randomUUID(), 200);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    expect(counts.size).toBeGreaterThan(90); // of 100 possible counts
    expect(Math.max(...counts.values())).toBeLessThan(2000 * 0.03); // no count takes more than 3 % of the copies
    expect(Math.min(...counts.keys())).toBeLessThan(155);
    expect(Math.max(...counts.keys())).toBeGreaterThan(244);
  });

  it("keeps a small base as it is", () => {
    expect(compactionThreshold(crypto.randomUUID(), 3)).toBe(3);
  });
});
