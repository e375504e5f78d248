// Who a regrade event concerns, and what the socket layer forwards of a NOTIFY payload (a malformed
// one is dropped, never forwarded).
import { describe, expect, it } from "vitest";
import { regradeChangedMessage } from "../../../server/realtime/events-forward.ts";
import { gradersConcerned } from "../../../server/regrade/regrade-events.ts";

describe("regrade events", () => {
  it("concern whole-copy graders and the graders of a range holding the question", () => {
    const assignments = [
      { graderId: "whole", questionIds: [] },
      { graderId: "range-q1", questionIds: ["q1", "q2"] },
      { graderId: "range-q3", questionIds: ["q3"] },
    ];
    expect(gradersConcerned(assignments, "q1")).toEqual(["whole", "range-q1"]);
    expect(gradersConcerned(assignments, "q3")).toEqual(["whole", "range-q3"]);
    expect(gradersConcerned([], "q1")).toEqual([]);
  });

  it("forward the ids and the status only; malformed payloads are dropped", () => {
    const e = { type: "regrade.changed", examId: "e", copyId: "c", requestId: "r", questionId: "q", status: "OPEN", graderIds: ["g"], message: "secret" };
    expect(regradeChangedMessage(e)).toEqual({ message: { examId: "e", copyId: "c", requestId: "r", questionId: "q", status: "OPEN" }, graderIds: ["g"] });
    for (const bad of [{ ...e, examId: 1 }, { ...e, graderIds: "g" }, { ...e, graderIds: [1] }, { ...e, status: "" }, { type: "regrade.changed" }])
      expect(regradeChangedMessage(bad)).toBeNull();
  });
});
