// npm's postinstall (package.json): lib0's float reads without an allocation per number.
//
// lib0 (Yjs's encoding library) reads each float of a document through a new DataView over the
// bytes (decoding.js `readFromDataView`): a pen stroke's update carries ~190 floats, the server
// decodes each update twice (checks, then applying it) and every desk once more. Measured on a
// 1.9 kB stroke: Y.decodeUpdate ~21 → ~10.5 µs, Y.applyUpdate ~136 → ~130 µs (docs/decisions.md).
// This rewrites readFloat32/readFloat64 to copy the 4 or 8 bytes into one scratch buffer read by
// one DataView: the same bits, the same bounds check and error. Idempotent; a lib0 whose text
// differs is left as it is (still correct, only slower) with a warning, and the unit test
// tests/unit/collab/lib0-float-read.test.ts fails until this is brought up to date.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const MARKER = "/* korrigo: float reads without a DataView per number */";

const ORIGINAL = [
  "export const readFloat32 = decoder => readFromDataView(decoder, 4).getFloat32(0, false)",
  "export const readFloat64 = decoder => readFromDataView(decoder, 8).getFloat64(0, false)",
];

const PATCHED = `${MARKER}
const floatBytes = new Uint8Array(8)
const floatView = new DataView(floatBytes.buffer)
const readFloatBytes = (decoder, len) => {
  const arr = decoder.arr
  const pos = decoder.pos
  if (pos + len > arr.length) {
    throw errorUnexpectedEndOfArray
  }
  for (let i = 0; i < len; i++) floatBytes[i] = arr[pos + i]
  decoder.pos = pos + len
}
export const readFloat32 = decoder => { readFloatBytes(decoder, 4); return floatView.getFloat32(0, false) }`;
const PATCHED_64 = "export const readFloat64 = decoder => { readFloatBytes(decoder, 8); return floatView.getFloat64(0, false) }";

/** "patched" | "already" | "unknown" (lib0's text is not the one this patch knows). */
export function patchSource(source) {
  if (source.includes(MARKER)) return { status: "already", source };
  if (!ORIGINAL.every((line) => source.includes(line)) || !source.includes("errorUnexpectedEndOfArray")) return { status: "unknown", source };
  return { status: "patched", source: source.replace(ORIGINAL[0], PATCHED).replace(ORIGINAL[1], PATCHED_64) };
}

/** Every installed copy of lib0 (hoisted or nested under a package), as package-lock.json lists them. */
function lib0Copies(root) {
  const lockFile = path.join(root, "package-lock.json");
  const dirs = fs.existsSync(lockFile)
    ? Object.keys(JSON.parse(fs.readFileSync(lockFile, "utf8")).packages ?? {}).filter(
        (dir) => dir === "node_modules/lib0" || dir.endsWith("/node_modules/lib0"),
      )
    : ["node_modules/lib0"];
  return dirs.map((dir) => path.join(root, dir, "decoding.js")).filter((file) => fs.existsSync(file));
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] && path.resolve(process.argv[1]) === self) {
  const root = path.resolve(path.dirname(self), "../..");
  for (const file of lib0Copies(root)) {
    const { status, source } = patchSource(fs.readFileSync(file, "utf8"));
    if (status === "patched") fs.writeFileSync(file, source);
    if (status === "unknown") console.warn(`patch-lib0: ${path.relative(root, file)} is not the text this patch knows; left as it is (correct, slower)`);
  }
}
