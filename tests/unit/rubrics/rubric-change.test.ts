// The pure parts of a rubric change: the next version's content (ids, revisions, group rule, max
// points, "nothing changed") and the preview (totals through computeMarks, boundary crossings).
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { AppError } from "../../../server/errors/app-error.ts";
import { nextRubricContent, type Leaf } from "../../../server/rubrics/rubric-change.ts";
import type { RubricChangeInput } from "../../../collab/contract/api/rubrics.ts";
import { RubricChangeInput as Schema } from "../../../collab/contract/api/rubrics.ts";
import { EMPTY_RUBRIC, type RubricContent } from "../../../server/rubrics/rubric-content.ts";
import { previewChange } from "../../../server/rubrics/rubric-preview.ts";

const leaves: Leaf[] = [
  { id: "q1", maxPoints: 4, variant: null },
  { id: "q2", maxPoints: 6, variant: null },
  { id: "qB", maxPoints: 2, variant: "B" },
];
let n = 0;
const ids = () => `new${++n}`;
const input = (v: Partial<z.input<typeof Schema>>): RubricChangeInput => Schema.parse({ baseVersion: 0, ...v });
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return "no error";
};

const v1: RubricContent = nextRubricContent(
  EMPTY_RUBRIC,
  leaves,
  input({
    questions: {
      q1: {
        mode: "positive",
        bonusMax: 0,
        items: [
          { label: "Juste", points: 3 },
          { label: "Unités", points: 1, group: "" },
        ],
      },
    },
  }),
  1,
  () => (n++ % 2 ? "unites" : "juste"),
);

describe("nextRubricContent", () => {
  it("gives new items ids and the version's revision; empty strings become null", () => {
    expect(v1.questions.q1!.items.map((i) => [i.id, i.rev, i.group, i.feedback])).toEqual([
      ["juste", 1, null, null],
      ["unites", 1, null, null],
    ]);
    expect(v1.maxPoints).toEqual({ q1: 4, q2: 6, qB: 2 });
  });

  it("keeps unchanged items' revisions, bumps the changed ones, keeps questions left out", () => {
    const withQ2 = nextRubricContent(
      v1,
      leaves,
      input({ questions: { q2: { mode: "negative", bonusMax: 0, items: [{ label: "Signe", points: -1 }] } } }),
      2,
      ids,
    );
    const v3 = nextRubricContent(
      withQ2,
      leaves,
      input({
        questions: {
          q1: {
            mode: "positive",
            bonusMax: 1,
            items: [
              { id: "unites", label: "Unités", points: 1 },
              { id: "juste", label: "Juste", points: 2.5 },
            ],
          },
        },
      }),
      3,
      ids,
    );
    expect(v3.questions.q1!.items.map((i) => [i.id, i.rev])).toEqual([
      ["unites", 1],
      ["juste", 3],
    ]);
    expect(v3.questions.q2).toEqual(withQ2.questions.q2);
  });

  it("refuses unknown items and questions, lonely groups, and a change that changes nothing", () => {
    expect(
      code(() =>
        nextRubricContent(v1, leaves, input({ questions: { q1: { mode: "positive", bonusMax: 0, items: [{ id: "ghost", label: "x", points: 1 }] } } }), 2, ids),
      ),
    ).toBe("UNKNOWN_ITEM");
    expect(code(() => nextRubricContent(v1, leaves, input({ questions: { nope: { mode: "positive", bonusMax: 0, items: [] } } }), 2, ids))).toBe(
      "UNKNOWN_QUESTION",
    );
    expect(code(() => nextRubricContent(v1, leaves, input({ maxPoints: { nope: 2 } }), 2, ids))).toBe("UNKNOWN_QUESTION");
    expect(
      code(() =>
        nextRubricContent(
          v1,
          leaves,
          input({
            questions: {
              q2: {
                mode: "positive",
                bonusMax: 0,
                items: [
                  { label: "a", points: 1, group: "g" },
                  { label: "b", points: 1 },
                ],
              },
            },
          }),
          2,
          ids,
        ),
      ),
    ).toBe("RUBRIC_GROUP_INVALID");
    expect(
      code(() =>
        nextRubricContent(
          v1,
          leaves,
          input({
            questions: {
              q1: {
                mode: "positive",
                bonusMax: 0,
                items: [
                  { id: "juste", label: "Juste", points: 3 },
                  { id: "unites", label: "Unités", points: 1 },
                ],
              },
            },
          }),
          2,
          ids,
        ),
      ),
    ).toBe("RUBRIC_UNCHANGED");
    expect(
      code(() =>
        nextRubricContent(
          v1,
          leaves,
          input({
            questions: {
              q1: {
                mode: "positive",
                bonusMax: 0,
                items: [
                  { id: "juste", label: "a", points: 1 },
                  { id: "juste", label: "b", points: 1 },
                ],
              },
            },
          }),
          2,
          ids,
        ),
      ),
    ).toBe("VALIDATION_FAILED");
  });

  it("the schema refuses non-finite and out-of-range numbers", () => {
    for (const points of [Infinity, -Infinity, NaN, 1001])
      expect(Schema.safeParse({ baseVersion: 0, questions: { q1: { mode: "positive", bonusMax: 0, items: [{ label: "x", points }] } } }).success).toBe(false);
    expect(Schema.safeParse({ baseVersion: 0, maxPoints: { q1: 1.234 } }).success).toBe(false);
    expect(Schema.safeParse({ baseVersion: 0, maxPoints: { q1: 0 } }).success).toBe(false);
  });
});

describe("previewChange", () => {
  it("re-scores each copy on its variant's scale and lists the boundaries crossed", () => {
    const next = nextRubricContent(
      v1,
      leaves,
      input({
        questions: {
          q1: {
            mode: "positive",
            bonusMax: 0,
            items: [
              { id: "juste", label: "Juste", points: 2 },
              { id: "unites", label: "Unités", points: 1 },
            ],
          },
        },
        maxPoints: { qB: 1 },
      }),
      2,
      ids,
    );
    const d = (items: string[], scores: Record<string, number> = {}) => ({ scores, items: { q1: items }, adjust: {}, checked: [] });
    const p = previewChange({
      examId: "e",
      baseVersion: 1,
      boundaries: [5, 8.5],
      leaves,
      current: v1,
      next,
      maxChanges: [{ questionId: "qB", from: 2, to: 1 }],
      copies: [
        { copyId: "a", code: "A-1", state: "GRADED", variant: null, released: false, decisions: d(["juste", "unites"], { q2: 5 }) }, // 9 → 8
        { copyId: "b", code: "A-2", state: "READY", variant: null, released: false, decisions: d(["unites"], { q2: 2 }) }, // unchanged
        { copyId: "c", code: "A-3", state: "GRADED", variant: "B", released: true, decisions: d(["juste"], { q2: 1, qB: 2 }) }, // 6 → 4 (juste −1, qB clipped to 1)
      ],
    });
    expect(p).toMatchObject({ copiesWithDecisions: 3, changed: 2, crossing: 2, graded: 2, released: 1 });
    expect(p.copies.map((c) => [c.code, c.before, c.after, c.maxBefore, c.maxAfter, c.crossed])).toEqual([
      ["A-1", 9, 8, 10, 10, [8.5]],
      ["A-3", 6, 4, 12, 11, [5]],
    ]);
  });
});

describe("previewChange and groups", () => {
  it("counts the copies where a new group holds two applied items; the first in the rubric's order counts", () => {
    const grouped = nextRubricContent(
      v1,
      leaves,
      input({
        questions: {
          q1: {
            mode: "positive",
            bonusMax: 0,
            items: [
              { id: "juste", label: "Juste", points: 3, group: "niveau" },
              { id: "unites", label: "Unités", points: 1, group: "niveau" },
            ],
          },
        },
      }),
      2,
      ids,
    );
    const p = previewChange({
      examId: "e",
      baseVersion: 1,
      boundaries: [],
      leaves,
      current: v1,
      next: grouped,
      maxChanges: [],
      copies: [
        {
          copyId: "a",
          code: "A-1",
          state: "GRADED",
          variant: null,
          released: false,
          decisions: { scores: {}, items: { q1: ["juste", "unites"] }, adjust: {}, checked: [] },
        },
        {
          copyId: "b",
          code: "A-2",
          state: "GRADED",
          variant: null,
          released: false,
          decisions: { scores: {}, items: { q1: ["unites"] }, adjust: {}, checked: [] },
        },
      ],
    });
    expect(p).toMatchObject({ changed: 1, groupConflicts: 1 });
    expect(p.copies[0]).toMatchObject({ code: "A-1", before: 4, after: 3, groupIgnored: [{ questionId: "q1", itemId: "unites" }] });
  });
});
