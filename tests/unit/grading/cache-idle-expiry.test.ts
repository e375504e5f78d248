// The per-node caches of copy documents are bounded by idleness as well as by count or bytes
// (docs/operations.md, "Soak"): a server grading a stream of copies all day holds the copies of
// the last minutes, not the last 256 validated documents, 32 MB of merged states or 20,000
// frozen documents ever opened. A copy still in use stays, however long the day.
import { describe, expect, it } from "vitest";
import { NO_DECISIONS } from "../../../collab/index.ts";
import { CopyValidator } from "../../../server/grading/copy-validator.ts";
import { DocStateCache } from "../../../server/grading/doc-state-cache.ts";
import { ValidatorCache } from "../../../server/grading/validator-cache.ts";
import { FrozenDocCache, type FrozenContent } from "../../../server/supervision/frozen-docs.ts";

const MIN = 60_000;

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const validator = () => ({ validator: new CopyValidator(null, { questions: [] }, undefined), seq: 0, rowsSinceSnapshot: 0 });
const state = (bytes: number, seq = 1) => ({ state: new Uint8Array(bytes), seq, rowsSinceSnapshot: 0 });
const content: FrozenContent = { decisions: NO_DECISIONS, scores: {}, comments: {}, general: "" };

describe("validated documents (ValidatorCache)", () => {
  it("drops the copies left idle for 2 minutes and keeps the one still being graded", () => {
    const c = clock();
    const cache = new ValidatorCache({ now: c.now });
    const left = Array.from({ length: 40 }, (_, i) => `left-${i}`);
    for (const id of left) cache.set(id, validator());
    cache.set("graded", validator());
    for (let m = 0; m < 3; m++) {
      c.advance(MIN);
      expect(cache.get("graded")).toBeDefined(); // a stroke a minute
    }
    cache.set("next", validator());
    expect(cache.size).toBe(2);
    for (const id of left) expect(cache.get(id)).toBeUndefined();
  });

  it("a validator evicted while its batch is in flight (pinned) is destroyed only when the batch unpins it", () => {
    const cache = new ValidatorCache({ maxEntries: 2 });
    const inFlight = validator();
    let destroyed = 0;
    const destroy = inFlight.validator.destroy.bind(inFlight.validator);
    inFlight.validator.destroy = () => {
      destroyed++;
      destroy();
    };
    cache.set("a", inFlight);
    cache.pin(["a"]); // a commit lane works on copy a
    cache.set("b", validator()); // another lane fills the cache past its bound: a is the least recently used
    cache.set("c", validator());
    expect(cache.get("a")).toBeUndefined(); // out of the cache at once
    expect(destroyed).toBe(0); // but still whole for the batch using it
    cache.unpin(["a"]);
    expect(destroyed).toBe(1);
    cache.set("d", validator()); // unpinned copies go as before
    expect(cache.size).toBe(2);
  });

  it("is still bounded by count within the idle delay", () => {
    const cache = new ValidatorCache({ maxEntries: 3 });
    for (let i = 0; i < 10; i++) cache.set(`c${i}`, validator());
    expect(cache.size).toBe(3);
    expect(cache.get("c9")).toBeDefined();
  });
});

describe("merged document states (DocStateCache)", () => {
  it("drops the states nobody read for 10 minutes, and their bytes", () => {
    const c = clock();
    const cache = new DocStateCache({ now: c.now });
    for (let i = 0; i < 100; i++) cache.set(`copy-${i}`, state(1000));
    expect(cache.bytes).toBe(100_000);
    c.advance(9 * MIN);
    cache.get("copy-7"); // a join reads it
    c.advance(2 * MIN);
    cache.set("fresh", state(500));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(1500);
    expect(cache.get("copy-7")?.state?.length).toBe(1000);
  });

  it("is still bounded by bytes within the idle delay", () => {
    const cache = new DocStateCache({ maxBytes: 10_000 });
    for (let i = 0; i < 50; i++) cache.set(`copy-${i}`, state(1000));
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.get("copy-49")).toBeDefined();
  });
});

describe("frozen documents (FrozenDocCache)", () => {
  it("keeps an open dashboard's documents and drops those of an exam nobody looked at for 10 minutes", () => {
    const c = clock();
    const cache = new FrozenDocCache({ now: c.now });
    const yesterday = Array.from({ length: 300 }, (_, i) => `old-${i}`);
    const today = Array.from({ length: 30 }, (_, i) => `new-${i}`);
    for (const h of [...yesterday, ...today]) cache.set(h, content);
    for (let m = 0; m < 11; m++) {
      c.advance(MIN);
      for (const h of today) expect(cache.get(h)).toBe(content); // the dashboard polls
    }
    expect(cache.size).toBe(today.length);
    expect(cache.get("old-0")).toBeUndefined();
  });
});
