// lib0's float reads, as npm's postinstall leaves them (scripts/install/patch-lib0.mjs): applied,
// the same numbers as a DataView gives, the same end-of-array error, and a stroke's update decodes
// to the same points.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
// @ts-expect-error: a plain .mjs script without types
import { MARKER, patchSource } from "../../../scripts/install/patch-lib0.mjs";

const decodingFile = path.join(path.dirname(createRequire(import.meta.url).resolve("lib0/package.json")), "decoding.js");

/** Big-endian bytes of a float, as lib0 writes them. */
function floatBytes(value: number, size: 4 | 8): Uint8Array {
  const view = new DataView(new ArrayBuffer(size));
  if (size === 4) view.setFloat32(0, value, false);
  else view.setFloat64(0, value, false);
  return new Uint8Array(view.buffer);
}

const SPECIAL = [0, -0, 1, -1, 0.1, 0.3456, 1e-310, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, Number.EPSILON, Infinity, -Infinity, NaN];

describe("lib0's float reads (postinstall patch)", () => {
  it("is applied to the installed lib0, and applying it again changes nothing", () => {
    const source = fs.readFileSync(decodingFile, "utf8");
    expect(source).toContain(MARKER);
    expect(patchSource(source)).toEqual({ status: "already", source });
  });

  it("leaves a lib0 whose text it does not know as it is", () => {
    const other = "export const readFloat64 = decoder => somethingElse(decoder)";
    expect(patchSource(other)).toEqual({ status: "unknown", source: other });
  });

  it("reads every float64 and float32 bit for bit as a DataView does, at any offset", () => {
    const values = [...SPECIAL, ...Array.from({ length: 2000 }, () => (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20))];
    for (const size of [4, 8] as const) {
      for (const value of values) {
        const offset = Math.floor(Math.random() * 5);
        const bytes = new Uint8Array(offset + size + 2);
        bytes.set(floatBytes(value, size), offset);
        const dec = decoding.createDecoder(bytes.subarray(offset));
        const read = size === 4 ? decoding.readFloat32(dec) : decoding.readFloat64(dec);
        const expected = size === 4 ? new DataView(bytes.buffer, offset).getFloat32(0, false) : new DataView(bytes.buffer, offset).getFloat64(0, false);
        expect(Object.is(read, expected)).toBe(true);
        expect(dec.pos).toBe(size);
      }
    }
  });

  it("throws lib0's end-of-array error past the bytes, and moves nothing", () => {
    for (const size of [4, 8] as const) {
      // a view of 3 bytes inside a larger buffer: the read must not look beyond the view
      const whole = new Uint8Array(16).fill(0x3f);
      const dec = decoding.createDecoder(whole.subarray(4, 4 + size - 1));
      expect(() => (size === 4 ? decoding.readFloat32(dec) : decoding.readFloat64(dec))).toThrow("Unexpected end of array");
      expect(dec.pos).toBe(0);
    }
  });

  it("decodes a pen stroke's update to the same points (readAny, as Yjs reads them)", () => {
    const points = Array.from({ length: 192 }, () => Number(Math.random().toFixed(4)));
    const enc = encoding.createEncoder();
    encoding.writeAny(enc, { kind: "pen", points, width: 0.004 });
    expect(decoding.readAny(decoding.createDecoder(encoding.toUint8Array(enc)))).toEqual({ kind: "pen", points, width: 0.004 });

    const doc = new Y.Doc();
    doc.getMap("annotations").set("a", new Y.Map(Object.entries({ points, width: 0.004 })));
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect((copy.getMap("annotations").get("a") as Y.Map<unknown>).get("points")).toEqual(points);
  });
});
