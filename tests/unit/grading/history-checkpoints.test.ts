// History snapshots taken while compaction folds rows: every `every` rows once the rows weigh a
// quarter of the last snapshot, counting on across compactions; each is the state at its seq.
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { compactState, readCopyDoc, setScore } from "../../../collab/index.ts";
import { foldWithCheckpoints } from "../../../server/grading/history-checkpoints.ts";

function rowsOf(n: number, from = 1): Array<{ seq: bigint; data: Uint8Array }> {
  const doc = new Y.Doc();
  const out: Array<{ seq: bigint; data: Uint8Array }> = [];
  doc.on("update", (u: Uint8Array) => out.push({ seq: BigInt(from + out.length), data: u }));
  for (let i = 0; i < n; i++) setScore(doc, `q${i % 3}`, i);
  return out;
}

describe("foldWithCheckpoints", () => {
  it("merges like compactState and snapshots the state every N rows", () => {
    const rows = rowsOf(10);
    const r = foldWithCheckpoints([], rows, 4, { rows: 0, bytes: 0, lastBytes: 0 });
    expect(r.merged).toEqual(compactState(rows.map((x) => x.data)));
    expect(r.checkpoints.map((c) => c.seq)).toEqual([4n, 8n]);
    const at4 = new Y.Doc();
    Y.applyUpdate(at4, r.checkpoints[0]!.data);
    expect(readCopyDoc(at4).scores).toEqual({ q0: 3, q1: 1, q2: 2 });
  });

  it("a checkpoint at the last row is the merged state (the document is encoded once)", () => {
    const rows = rowsOf(8);
    const r = foldWithCheckpoints([], rows, 4, { rows: 0, bytes: 0, lastBytes: 0 });
    expect(r.checkpoints.map((c) => c.seq)).toEqual([4n, 8n]);
    expect(r.merged).toBe(r.checkpoints[1]!.data);
    expect(r.merged).toEqual(compactState(rows.map((x) => x.data)));
  });

  it("goes on counting from the rows folded by an earlier compaction", () => {
    const rows = rowsOf(5);
    const r = foldWithCheckpoints([], rows, 4, { rows: 3, bytes: 300, lastBytes: 0 });
    expect(r.checkpoints.map((c) => c.seq)).toEqual([1n, 5n]);
  });

  it("waits for rows weighing a quarter of the last snapshot (storage linear in the changes)", () => {
    const rows = rowsOf(12);
    const weight = rows.reduce((s, x) => s + x.data.byteLength, 0);
    const heavy = foldWithCheckpoints([], rows, 2, { rows: 0, bytes: 0, lastBytes: weight * 4 + 1 });
    expect(heavy.checkpoints).toEqual([]);
    const light = foldWithCheckpoints([], rows, 2, { rows: 0, bytes: 0, lastBytes: 1 });
    expect(light.checkpoints.length).toBe(6);
  });
});
