// A node started with an inspector (benchmarks read its settled heap through it; ops attach
// DevTools) still stops on SIGTERM while a debugger is attached: Node would otherwise wait at exit
// for the debugger to disconnect ("Waiting for the debugger to disconnect..."), for ever.
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
    // right after a last reading had started. Before the probe waited for its answers, this loop
    // killed the node at the 33rd and at the 281st letting go (two runs): the moments vary.
    const port = await freePort();
    const node = await startNode({ databaseUrl: tdb.url, nodeArgs: [`--inspect=127.0.0.1:${port}`] });
    const probe = new HeapProbe(port);
    const died = new Promise<string>((resolve) => node.process.once("exit", (code, signal) => resolve(`exited (${signal ?? code})`)));
    try {
      for (let i = 0; i < 300; i++) {
        const reading = probe.liveHeap();
        await new Promise((r) => setTimeout(r, (i % 25) * 4));
        await probe.suspend();
        await reading;
        probe.resume();
      }
      const alive = await Promise.race([died, fetch(`${node.url}/api/health/live`).then((r) => r.status)]);
      expect(alive).toBe(200);
      expect(await probe.liveHeapBytes()).toBeGreaterThan(0); // and it can be read again
    } finally {
      await probe.close();
      await node.kill("SIGKILL");
    }
  }, 120_000);
});
