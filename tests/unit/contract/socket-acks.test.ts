// The run-time check of the socket's acks (KORRIGO_CONTRACT_CHECK=1 in the test suite): an ack
// outside its event's schema is named, with the field at fault; one inside it passes.
import { describe, expect, it } from "vitest";
import { ackMismatch } from "../../../server/realtime/event-handler.ts";

describe("ackMismatch", () => {
  it("passes an ack that fits its event's schema", () => {
    expect(ackMismatch("copy:update", { seq: 12 })).toBeNull();
    expect(ackMismatch("copy:update", { seq: 12, duplicate: true })).toBeNull();
    expect(ackMismatch("exam:watch", {})).toBeNull();
    expect(ackMismatch("copy:unlock", { lock: null })).toBeNull();
  });

  it("names the event and the field of an ack outside its schema", () => {
    expect(ackMismatch("copy:update", { seq: "12" })).toMatch(/^copy:update answered outside its ack schema: seq: /);
    expect(ackMismatch("copy:lock", { lock: null })).toMatch(/^copy:lock answered outside its ack schema: lock: /);
    expect(ackMismatch("rubric:usage", { examId: "not-a-uuid", usage: {} })).toMatch(/examId/);
  });
});
