// The bytes of a room broadcast travel as base64 text: what the server encodes, the client decodes
// to the same bytes, with the platform's decoder or without it.
import { describe, expect, it } from "vitest";
import { RoomBytes } from "../../../collab/contract/socket/shapes.ts";
import { decodeRoomBytes } from "../../../collab/contract/socket/room-bytes.ts";
import { encodeRoomBytes } from "../../../server/realtime/room-bytes.ts";

const samples = [new Uint8Array(0), new Uint8Array([0]), new Uint8Array([255, 254, 0, 1]), Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256)];

describe("room bytes", () => {
  it("decodes what the server encodes, every byte value and length", () => {
    for (const bytes of samples) {
      const text = encodeRoomBytes(bytes);
      expect(RoomBytes.safeParse(text).success).toBe(true);
      expect(decodeRoomBytes(text)).toEqual(bytes);
    }
  });

  it("encodes only the view it is given, not the whole buffer under it (a Buffer from a pool)", () => {
    const pool = Uint8Array.from({ length: 64 }, (_, i) => i);
    const view = pool.subarray(10, 20);
    expect(decodeRoomBytes(encodeRoomBytes(view))).toEqual(view);
  });
});
