// A node started with an inspector (benchmarks read its settled heap through it; ops attach
// DevTools) still stops on SIGTERM while a debugger is attached: Node would otherwise wait at exit
// for the debugger to disconnect ("Waiting for the debugger to disconnect..."), for ever.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeapProbe } from "../../scripts/soak/lib/heap-probe.ts";
import { freePort } from "../../server/db/embedded.ts";
import { startNode } from "../helpers/grading-nodes.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.drop();
});

describe("a node with an inspector", () => {
  it("stops on SIGTERM while a debugger session is attached", async () => {
    const port = await freePort();
    const node = await startNode({ databaseUrl: tdb.url, nodeArgs: [`--inspect=127.0.0.1:${port}`] });
    const probe = new HeapProbe(port);
    try {
      expect(await probe.liveHeapBytes()).toBeGreaterThan(0); // attached
      const live = (await probe.liveHeap())!;
      expect(live.code).toBeGreaterThan(0); // V8's code spaces, read in the process
      expect(live.code!).toBeLessThan(live.used);
      expect(live.jit).toBeGreaterThan(0); // and with the bytecode and their metadata
      expect(live.jit!).toBeLessThan(live.used);
      const exited = new Promise<number | null>((resolve) => node.process.once("exit", (code) => resolve(code)));
      node.process.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), 20_000))]);
      expect(code).toBe(0);
    } finally {
      await probe.close();
      await node.kill("SIGKILL");
    }
  }, 90_000);

  it("survives a probe letting go in the middle of a reading, again and again", async () => {
    // Node's inspector can crash (SIGSEGV) answering a session closed while the command ran
    // (nodejs/node#18761, #27641): the soak's nodes died so at its end, when the probe let go
    // right after a last reading had started. The crash is the inspector's, whatever the process
    // runs: a bare node, whose readings take a millisecond, is let go of at every moment of one
    // with waits of 0–24 ms. With the probe's former close (the socket cut at once, no wait for
    // the answers due) this loop killed the bare node in 6 runs of 6, between the 24th and the
    // 249th letting go (a Korrigo node, read in ~90 ms, between the 33rd and the 281st).
    const port = await freePort();
    const bare = spawn(process.execPath, [`--inspect=127.0.0.1:${port}`, "-e", "setInterval(() => {}, 1000)"], { stdio: ["ignore", "ignore", "pipe"] });
    let state = "alive";
    bare.once("exit", (code, signal) => (state = `exited (${signal ?? code})`));
    await new Promise<void>((resolve) => bare.stderr!.on("data", (d) => String(d).includes("Debugger listening") && resolve()));
    const probe = new HeapProbe(port);
    try {
      for (let i = 0; i < 300 && state === "alive"; i++) {
        const reading = probe.liveHeap();
        await new Promise((r) => setTimeout(r, i % 25));
        await probe.suspend();
        await reading;
        probe.resume();
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(state).toBe("alive");
      expect(await probe.liveHeapBytes()).toBeGreaterThan(0); // and it can be read again
    } finally {
      await probe.close();
      bare.kill("SIGKILL");
    }
  }, 120_000);
});
