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
      const exited = new Promise<number | null>((resolve) => node.process.once("exit", (code) => resolve(code)));
      node.process.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), 20_000))]);
      expect(code).toBe(0);
    } finally {
      probe.close();
      await node.kill("SIGKILL");
    }
  }, 90_000);
});
