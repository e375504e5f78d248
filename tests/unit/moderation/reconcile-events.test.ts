import { describe, expect, it } from "vitest";
import { reconciliationChangedMessage } from "../../../server/moderation/reconcile-events.ts";

describe("reconciliationChangedMessage", () => {
  it("passes the exam and its copies, or null copies for many", () => {
    expect(reconciliationChangedMessage({ type: "reconciliation:changed", examId: "e", copyIds: ["a", "b"] })).toEqual({ examId: "e", copyIds: ["a", "b"] });
    expect(reconciliationChangedMessage({ examId: "e", copyIds: null })).toEqual({ examId: "e", copyIds: null });
  });
  it("drops malformed events", () => {
    for (const e of [
      {},
      { examId: "" },
      { examId: 3, copyIds: [] },
      { examId: "e" },
      { examId: "e", copyIds: [1] },
      { examId: "e", copyIds: "a" },
      { examId: "e", copyIds: Array(101).fill("a") },
    ]) {
      expect(reconciliationChangedMessage(e)).toBeNull();
    }
  });
});
