// After an outage, the desks of a school must not all send again at the same instant.
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../../client/src/realtime/retry-backoff.ts";

const opts = { baseMs: 500, maxMs: 15_000 };

describe("retryDelayMs", () => {
  it("doubles its ceiling at each attempt up to the maximum, waiting in the ceiling's upper half", () => {
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, opts, 0, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, opts, 0, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelayMs(50, opts, 0, () => 1)).toBe(15_000);
    expect(retryDelayMs(50, opts, 0, () => 0)).toBe(7500);
  });

  it("spreads a thousand clients retrying together over the window", () => {
    const waits = Array.from({ length: 1000 }, () => retryDelayMs(2, opts));
    const buckets = new Set(waits.map((w) => Math.floor(w / 100)));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(2000);
    expect(buckets.size).toBeGreaterThanOrEqual(9); // not one instant: every 100 ms slot of the second is used
  });

  it("never retries before the server said to", () => {
    expect(retryDelayMs(0, opts, 3000, () => 0)).toBe(3000);
    expect(retryDelayMs(0, opts, Number.NaN, () => 1)).toBe(500);
  });
});
