// Presence trusts the server's stamp, never what a client says about itself: a relayed
// `copy:awareness` carries `from` (the sender's session user); a state claiming another user id,
// name or role is shown under the real sender.
import { describe, expect, it } from "vitest";
import { encodePresence as encodeState, PeerList, presenceFromMessage } from "../../../client/src/realtime/presence.ts";
import { encodeRoomBytes } from "../../../server/realtime/room-bytes.ts";

/** a presence state as the server relays it (base64 text) */
const encodePresence = (state: Parameters<typeof encodeState>[0]) => encodeRoomBytes(encodeState(state));

const real = { userId: "u-real", displayName: "Mme Réelle", role: "GRADER" } as const;

describe("presence from a relayed copy:awareness", () => {
  it("takes the identity from the server's `from`, whatever the state claims", () => {
    const forged = encodePresence({ userId: "u-victim", displayName: "M. Proviseur", role: "ADMIN", page: 2 });
    const state = presenceFromMessage({ copyId: "c", state: forged, from: real });
    expect(state).toEqual({ userId: "u-real", displayName: "Mme Réelle", role: "GRADER", page: 2, leaving: false });
    const peers = new PeerList("u-self");
    peers.apply(state!);
    expect(peers.has("u-victim")).toBe(false);
    expect(peers.list.map((p) => p.displayName)).toEqual(["Mme Réelle"]);
  });

  it("ignores a message without the server's stamp, and a forged leave does not remove someone else", () => {
    expect(presenceFromMessage({ copyId: "c", state: encodePresence({ ...real, page: 0 }) } as never)).toBeNull();
    const peers = new PeerList("u-self");
    peers.apply({ userId: "u-other", displayName: "Autre", role: "GRADER" });
    const leave = presenceFromMessage({
      copyId: "c",
      state: encodePresence({ userId: "u-other", displayName: "x", role: "GRADER", leaving: true }),
      from: real,
    });
    peers.apply(leave!);
    expect(peers.has("u-other")).toBe(true);
  });

  it("ignores a state that is not base64 or not a presence", () => {
    expect(presenceFromMessage({ copyId: "c", state: "%%% not base64", from: real })).toBeNull();
    expect(presenceFromMessage({ copyId: "c", state: encodeRoomBytes(new TextEncoder().encode("not json")), from: real })).toBeNull();
  });
});
