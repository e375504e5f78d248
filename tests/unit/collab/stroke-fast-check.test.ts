// The validator recognises a valid pen or highlight stroke without zod (isValidStrokeFields):
// it must never accept what the schema refuses, and it must accept the strokes desks send (or it
// saves nothing). Compared with AnnotationSchema on generated strokes, valid and broken one field
// at a time, and through the validator on the same edits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ANNOTATIONS_KEY, AnnotationSchema, LIMITS, ValidatedCopyDoc, isValidStrokeFields } from "../../../collab/index.ts";
import { SCALE, captureUpdate, newPeer } from "./collab-fixtures.ts";

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const validStroke = fc.record(
  {
    id: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
    page: fc.integer({ min: 0, max: LIMITS.pages - 1 }),
    kind: fc.constantFrom("pen", "highlight"),
    points: fc.array(fc.tuple(unit, unit), { minLength: 1, maxLength: 200 }).map((ps) => ps.flat()),
    pressures: fc.array(unit, { maxLength: 200 }),
    color: fc.stringMatching(/^#[0-9a-fA-F]{6}$/),
    width: fc.double({ min: Number.MIN_VALUE, max: LIMITS.maxWidth, noNaN: true }),
    author: fc.string({ minLength: 1, maxLength: LIMITS.authorChars }),
    createdAt: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  },
  { requiredKeys: ["id", "page", "kind", "points", "color", "width", "author", "createdAt"] },
);

/** Values that break some field: wrong types, bounds, NaN and infinities, long strings, bad arrays. */
const oddValue = fc.oneof(
  fc.constantFrom(undefined, null, true, "", "pen", "#12345", "#1234567", "#12345g", -1, -0, 0, 0.5, 1, 1.0000001, 2, NaN, Infinity, -Infinity, 1e308),
  fc.constantFrom(LIMITS.pages, LIMITS.pages - 1, LIMITS.maxWidth, LIMITS.maxWidth * 1.01, Number.MAX_SAFE_INTEGER + 2, 0.1 + 1e-12),
  fc.constantFrom([], [0.5], [0.1, 0.2, 0.3], [0.1, NaN], [0.1, -0.1], [0.1, 1.5], [0.1, "0.2"], [[0.1, 0.2]], new Array(LIMITS.pointCoords + 2).fill(0.5)),
  fc.constantFrom("a b", "é", "x".repeat(LIMITS.idChars + 1), "x".repeat(LIMITS.authorChars + 1), "highlight", "tick", "box"),
  fc.double(),
  fc.string(),
  fc.array(fc.double(), { maxLength: 6 }),
  fc.object({ maxDepth: 1 }),
);
const FIELDS = ["id", "page", "kind", "points", "pressures", "color", "width", "author", "createdAt", "box", "text", "questionId", "extra"];

describe("the validator's stroke check without zod", () => {
  it("accepts exactly the strokes the schema accepts, when they are valid", () => {
    fc.assert(
      fc.property(validStroke, (stroke) => {
        expect(AnnotationSchema.safeParse(stroke).success).toBe(true);
        expect(isValidStrokeFields(stroke)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("never accepts a stroke the schema refuses (one field broken, removed or added)", () => {
    let refused = 0;
    fc.assert(
      fc.property(validStroke, fc.constantFrom(...FIELDS), fc.option(oddValue, { nil: undefined, freq: 5 }), fc.boolean(), (stroke, field, value, remove) => {
        const broken: Record<string, unknown> = { ...stroke };
        if (remove) delete broken[field];
        else broken[field] = value;
        const schemaOk = AnnotationSchema.safeParse(broken).success;
        if (!schemaOk) refused++;
        if (isValidStrokeFields(broken)) expect(schemaOk).toBe(true);
      }),
      { numRuns: 5000 },
    );
    expect(refused).toBeGreaterThan(1000); // the generator does break strokes
  });

  it("the validator still refuses a broken stroke with the schema's message, and accepts a good one", () => {
    const desk = newPeer(7);
    const good = captureUpdate(desk, () => {
      const fields = new Y.Map<unknown>();
      desk.getMap(ANNOTATIONS_KEY).set("s1", fields);
      for (const [k, v] of Object.entries({ page: 0, kind: "pen", points: [0.1, 0.2, 0.3, 0.4], color: "#d32f2f", width: 0.003, author: "u1", createdAt: 1 }))
        fields.set(k, v);
    });
    const bad = captureUpdate(desk, () => {
      const fields = new Y.Map<unknown>();
      desk.getMap(ANNOTATIONS_KEY).set("s2", fields);
      for (const [k, v] of Object.entries({ page: 0, kind: "pen", points: [0.1, 1.2, 0.3, 0.4], color: "#d32f2f", width: 0.003, author: "u1", createdAt: 1 }))
        fields.set(k, v);
    });
    const doc = ValidatedCopyDoc.load(null, SCALE);
    expect(doc.tryApply(good)).toEqual({ ok: true });
    const refused = doc.tryApply(bad);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.code).toBe("SCHEMA_VIOLATION");
      expect(refused.path).toBe("annotations.s2.points.1");
      expect(refused.message).toContain("within [0,1]");
    }
    expect(doc.doc.getMap(ANNOTATIONS_KEY).has("s2")).toBe(false);
  });
});
