// The suite's start order (tests/setup/slow-first-sequencer.ts): long files first, so that the two
// workers finish together instead of one running a long file alone at the end.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { LONG_INTEGRATION, weight } from "../../setup/slow-first-sequencer.ts";

describe("test order", () => {
  it("starts browser journeys, then the long integration files longest first, then the others, then unit tests", () => {
    const order = [
      "tests/unit/grading/cache-idle-expiry.test.ts",
      "tests/integration/history.test.ts",
      "tests/integration/access-matrix.test.ts",
      "tests/integration/cluster-chaos.test.ts",
      "tests/e2e/desk.e2e.test.ts",
    ];
    const sorted = [...order].sort((a, b) => weight(b) - weight(a));
    expect(sorted).toEqual([...order].reverse());
  });

  it("names only files that exist (a renamed file would silently lose its place)", () => {
    const missing = LONG_INTEGRATION.filter((f) => !fs.existsSync(f));
    expect(missing).toEqual([]);
  });
});
