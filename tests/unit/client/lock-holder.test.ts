import { describe, expect, it } from "vitest";
import { LockedDetails } from "../../../collab/contract/socket/index.ts";
import { holderName } from "../../../client/src/realtime/lock-holder.ts";

describe("a LOCKED refusal's holder", () => {
  it("reads the holder's name as the contract's schema does, and nothing from a malformed answer", () => {
    const ack = {
      ok: false,
      code: "LOCKED",
      message: "locked",
      holder: { id: "5f0c7a0e-8f1e-4c2a-9a53-0f5c8e1d2b3a", displayName: "Mme Martin", role: "GRADER" },
    };
    expect(holderName(ack)).toBe(LockedDetails.safeParse(ack).data?.holder.displayName ?? "");
    expect(holderName(ack)).toBe("Mme Martin");
    expect(holderName({ ok: false, code: "LOCKED" })).toBe("");
    expect(holderName({ holder: { displayName: 42 } })).toBe("");
  });
});
