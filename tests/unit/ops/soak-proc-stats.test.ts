// What the soak reads of a process from /proc: a Node worker thread started shows in its threads
// (each brings a V8 heap of its own, outside the main heap the inspector reads), and ends with it.
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { procStats } from "../../../scripts/soak/lib/proc-stats.ts";

const threadsNow = () => procStats(process.pid, 1)!.threads;

describe("soak process stats", () => {
  it("counts the process's threads: a worker thread adds to them while it runs", async () => {
    const before = threadsNow();
    expect(before).toBeGreaterThan(0);
    const w = new Worker("require('node:worker_threads').parentPort.postMessage('up'); setInterval(() => {}, 1000);", { eval: true });
    await new Promise((resolve) => w.once("message", resolve));
    const during = threadsNow();
    expect(during).toBeGreaterThan(before);
    await w.terminate();
    await expect.poll(threadsNow, { timeout: 10_000 }).toBeLessThan(during);
  });

  it("is null for a process that is gone", () => {
    expect(procStats(2 ** 22 + 12345, 1)).toBeNull();
  });
});
