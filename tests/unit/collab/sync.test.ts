import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  CollabError,
  addAnnotation,
  canonicalJson,
  compactState,
  diffFromState,
  docContentFingerprint,
  emptyUpdate,
  encodeStateVector,
  mergeUpdates,
  readCopyDoc,
  setGeneralComment,
  setScore,
  stateFingerprint,
  stateVectorOfState,
  updateAnnotation,
} from "../../../collab/index.ts";
import { captureUpdate, newPeer, penAnnotation } from "./collab-fixtures.ts";

/** A history of small updates from three clients, as a server would store them. */
function history(): Uint8Array[] {
  const a = newPeer(1);
  const b = newPeer(2);
  const c = newPeer(3);
  const out: Uint8Array[] = [];
  const pen = penAnnotation();
  out.push(captureUpdate(a, (d) => addAnnotation(d, pen)));
  out.push(captureUpdate(b, (d) => setScore(d, "q1", 3)));
  Y.applyUpdate(c, out[0] as Uint8Array);
  out.push(captureUpdate(c, (d) => updateAnnotation(d, pen.id, { points: [0.5, 0.5] })));
  out.push(captureUpdate(a, (d) => setGeneralComment(d, "Très bien")));
  out.push(captureUpdate(a, (d) => setGeneralComment(d, "Bien")));
  out.push(captureUpdate(b, (d) => setScore(d, "q2", null)));
  return out;
}

describe("diffFromState", () => {
  it("sends exactly what a peer lacks, whatever subset it holds", () => {
    const updates = history();
    const state = mergeUpdates(updates);
    fc.assert(
      fc.property(fc.subarray(updates.map((_, i) => i)), (held) => {
        const peer = newPeer(50);
        for (const i of held) Y.applyUpdate(peer, updates[i] as Uint8Array);
        const diff = diffFromState(state, encodeStateVector(peer));
        Y.applyUpdate(peer, diff);
        expect(docContentFingerprint(peer)).toBe(stateFingerprint(state));
        expect(peer.store.pendingStructs).toBeNull();
        // nothing more to send once it has caught up (deletions are always included)
        const again = Y.decodeUpdate(diffFromState(state, encodeStateVector(peer)));
        expect(again.structs).toEqual([]);
      }),
    );
  });

  it("answers an empty store and refuses a malformed state vector with a code", () => {
    expect(diffFromState(null, encodeStateVector(new Y.Doc()))).toEqual(emptyUpdate());
    const malformed = expect.objectContaining({ name: "CollabError", code: "STATE_VECTOR_MALFORMED" });
    expect(() => diffFromState(mergeUpdates(history()), new Uint8Array())).toThrow(malformed);
    expect(() => diffFromState(null, new Uint8Array([5]))).toThrow(malformed);
    expect(() => diffFromState(null, "sv" as unknown as Uint8Array)).toThrow(CollabError);
  });

  it("reads the state vector of stored bytes without a doc", () => {
    const updates = history();
    const doc = newPeer(60);
    for (const u of updates) Y.applyUpdate(doc, u);
    expect(Y.decodeStateVector(stateVectorOfState(mergeUpdates(updates)))).toEqual(Y.decodeStateVector(encodeStateVector(doc)));
  });
});

describe("mergeUpdates and compactState", () => {
  it("give the same content in any order, with duplicates", () => {
    const updates = history();
    const reference = stateFingerprint(mergeUpdates(updates));
    fc.assert(
      fc.property(fc.shuffledSubarray(updates, { minLength: updates.length }), fc.array(fc.nat({ max: updates.length - 1 })), (order, dups) => {
        const withDups = [...order, ...dups.map((i) => updates[i] as Uint8Array)];
        expect(stateFingerprint(mergeUpdates(withDups))).toBe(reference);
        expect(stateFingerprint(compactState(withDups))).toBe(reference);
      }),
    );
    expect(mergeUpdates([])).toEqual(emptyUpdate());
  });

  it("compaction drops deleted content", () => {
    const doc = newPeer(70);
    const updates: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 20; i++) setGeneralComment(doc, `${"x".repeat(500)}${i}`.repeat((i % 2) + 1));
    const merged = mergeUpdates(updates);
    const compacted = compactState(updates);
    expect(compacted.length).toBeLessThan(merged.length / 2);
    expect(stateFingerprint(compacted)).toBe(stateFingerprint(merged));
  });
});

describe("content fingerprint", () => {
  it("is lowercase hex SHA-256, independent of key order and history, and changes with content", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }, null] })).toBe('{"a":[{"d":2},null],"b":1}');
    const a = newPeer(1);
    const b = newPeer(2);
    setScore(a, "q1", 1);
    setScore(a, "q2", 2);
    setScore(b, "q2", 2);
    setScore(b, "q1", 1);
    expect(readCopyDoc(a)).toEqual(readCopyDoc(b));
    const fp = docContentFingerprint(a);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(docContentFingerprint(b)).toBe(fp);
    setScore(b, "q1", 1.5);
    expect(docContentFingerprint(b)).not.toBe(fp);
  });

  it("matches a known SHA-256 (empty doc)", () => {
    // sha256('{"annotations":[],"comments":{},"general":"","scores":{}}')
    expect(docContentFingerprint(new Y.Doc())).toBe("b0517d4742c273912557521533a7968a92122ac7096ec59a18e460f73b3f58d4");
  });
});
