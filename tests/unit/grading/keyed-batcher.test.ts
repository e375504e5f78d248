// The join storm's batching (server/grading/keyed-batcher.ts): asks made together share one load,
// an ask made while a load runs never shares it (it asked after that load began), and a failed
// load fails only its own batch.
import { describe, expect, it } from "vitest";
import { KeyedBatcher } from "../../../server/grading/keyed-batcher.ts";

function recording() {
  const loads: string[][] = [];
  const gates: Array<() => void> = [];
  const batcher = new KeyedBatcher<string, string>(async (keys) => {
    loads.push(keys);
    await new Promise<void>((r) => gates.push(r));
    if (keys.includes("bad")) throw new Error("load failed");
    return new Map(keys.map((k) => [k, `${k}@${loads.length}`]));
  });
  const nextLoad = async (n: number) => {
    const limit = Date.now() + 10_000;
    while (loads.length < n && Date.now() < limit) await new Promise((r) => setImmediate(r));
    expect(loads.length).toBe(n);
  };
  return { batcher, loads, gates, nextLoad };
}

describe("KeyedBatcher", () => {
  it("serves the asks of one turn with one load, the same key once", async () => {
    const { batcher, loads, gates, nextLoad } = recording();
    const answers = Promise.all(["a", "b", "a", "c"].map((k) => batcher.get(k)));
    await nextLoad(1);
    gates.shift()!();
    expect(await answers).toEqual(["a@1", "b@1", "a@1", "c@1"]);
    expect(loads).toEqual([["a", "b", "c"]]);
  });

  it("gives an ask made while a load runs the next load, even for a key being loaded", async () => {
    const { batcher, loads, gates, nextLoad } = recording();
    const first = batcher.get("a");
    await nextLoad(1);
    const late = [batcher.get("a"), batcher.get("d")];
    gates.shift()!();
    expect(await first).toBe("a@1");
    await nextLoad(2);
    gates.shift()!();
    expect(await Promise.all(late)).toEqual(["a@2", "d@2"]);
    expect(loads).toEqual([["a"], ["a", "d"]]);
  });

  it("rejects the callers of a failed load only", async () => {
    const { batcher, gates, nextLoad } = recording();
    const failed = batcher.get("bad");
    await nextLoad(1);
    const later = batcher.get("ok");
    gates.shift()!();
    await expect(failed).rejects.toThrow("load failed");
    await nextLoad(2);
    gates.shift()!();
    expect(await later).toBe("ok@2");
  });
});
