// Reading the bytes a room broadcast carries as base64 (shapes.ts, RoomBytes), in the browser and
// in Node alike: the platform's decoder where it has one (Uint8Array.fromBase64: Chromium 140,
// Firefox 133, Safari 18.2), else atob.

type FromBase64 = (s: string) => Uint8Array;
const native = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;

/** The bytes of a RoomBytes string (the server sends only valid base64; atob throws on anything else). */
export function decodeRoomBytes(base64: string): Uint8Array {
  if (native) return native.call(Uint8Array, base64);
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
