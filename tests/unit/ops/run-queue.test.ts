// bench:load's account of a node's main thread (scripts/bench/lib/run-queue.ts): busy, it is on a
// CPU or waiting for one all the time, however loaded the machine; asleep, neither.
import { describe, expect, it } from "vitest";
import { runQueueShare } from "../../../scripts/bench/lib/run-queue.ts";

describe("a main thread's share of the wall time", () => {
  it("is on a CPU or waiting for one all the time while it computes", () => {
    const share = runQueueShare(process.pid);
    const end = performance.now() + 150;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    const s = share()!;
    expect(x).toBeGreaterThan(0);
    expect(s.onCpuPct + s.waitingPct).toBeGreaterThan(90);
    expect(s.onCpuPct + s.waitingPct).toBeLessThan(105);
  });

  it("is neither while it sleeps", async () => {
    const share = runQueueShare(process.pid);
    await new Promise((r) => setTimeout(r, 150));
    const s = share()!;
    expect(s.onCpuPct + s.waitingPct).toBeLessThan(50);
  });

  it("says nothing of a process that is not there", () => {
    expect(runQueueShare(2 ** 22 + 7)()).toBeNull();
    expect(runQueueShare(undefined)()).toBeNull();
  });
});
