// Bytes broadcast to a room go as base64 text (collab/contract/socket/shapes.ts, RoomBytes): one
// WebSocket frame per recipient, encoded once for the whole room.
import type { RoomBytes } from "../../collab/contract/socket/shapes.ts";

export function encodeRoomBytes(bytes: Uint8Array): RoomBytes {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}
