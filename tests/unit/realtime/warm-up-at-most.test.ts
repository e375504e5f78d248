// A node warms its commit lanes before it listens (server/start.ts), but a warm-up only saves time:
// a database slow to answer delays the start by the limit at most, and a failure is logged, whenever
// it comes, without stopping the start.
import pino from "pino";
import { describe, expect, it } from "vitest";
import { warmUpAtMost } from "../../../server/realtime/warm-up.ts";

function capture() {
  const lines: Array<{ level: number; msg: string }> = [];
  const log = pino({ level: "debug" }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { log, warnings: () => lines.filter((l) => l.level === 40).map((l) => l.msg) };
}

describe("the start-up warm-up's limits", () => {
  it("waits for a warm-up that ends in time and says nothing", async () => {
    const { log, warnings } = capture();
    await warmUpAtMost({ warmUp: () => new Promise((r) => setTimeout(r, 10)) }, 1_000, log);
    expect(warnings()).toEqual([]);
  });

  it("starts without a warm-up still running at the limit, and says so", async () => {
    const { log, warnings } = capture();
    const t0 = performance.now();
    await warmUpAtMost({ warmUp: () => new Promise(() => {}) }, 50, log);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(warnings()).toEqual(["the commit lanes' warm-up is still running: the node starts without waiting for it"]);
  });

  it("logs a failure and does not throw, also when it comes after the limit", async () => {
    const now = capture();
    await warmUpAtMost({ warmUp: () => Promise.reject(new Error("connection refused")) }, 1_000, now.log);
    expect(now.warnings()).toEqual(["the commit lanes' warm-up failed (the node starts anyway)"]);

    const later = capture();
    let fail!: (e: Error) => void;
    await warmUpAtMost({ warmUp: () => new Promise((_, reject) => (fail = reject)) }, 20, later.log);
    fail(new Error("connection reset"));
    await new Promise((r) => setTimeout(r, 10));
    expect(later.warnings()).toEqual([
      "the commit lanes' warm-up is still running: the node starts without waiting for it",
      "the commit lanes' warm-up failed (the node starts anyway)",
    ]);
  });
});
