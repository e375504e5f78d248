// A scale with several mistakes reports all of them at once: a malformed variant is one issue among
// the others (duplicate label, bad max points), not a parse failure that hides them.
import { describe, expect, it } from "vitest";
import { flattenScale } from "../../../server/exams/scale-check.ts";
import { ScaleInput } from "../../../collab/contract/api/exams.ts";

describe("scale issues", () => {
  it("reports a malformed variant together with the other errors", () => {
    const body = {
      exercises: [
        { label: "Exercice 1", variant: "ab", children: [{ label: "1", maxPoints: 0 }] },
        { label: "Exercice 2", children: [{ label: "2", maxPoints: 4 }] },
        { label: "exercice 2", variant: "B", children: [{ label: "2", maxPoints: 1.234 }] },
      ],
    };
    const parsed = ScaleInput.safeParse(body);
    expect(parsed.success).toBe(true);
    const { issues } = flattenScale(parsed.data!.exercises);
    expect(issues.map((i) => i.path)).toEqual([
      "exercises.0.variant",
      "exercises.0.children.0.maxPoints",
      "exercises.2.label",
      "exercises.2.children.0.maxPoints",
    ]);
    expect(issues[0]!.message).toMatch(/one capital letter/);
  });

  it("accepts well-formed variants", () => {
    const parsed = ScaleInput.parse({ exercises: [{ label: "Sujet A", variant: "A", children: [{ label: "1", maxPoints: 5 }] }] });
    expect(flattenScale(parsed.exercises).issues).toEqual([]);
  });
});
