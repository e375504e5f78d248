// Layout of the margin column of per-question marks: outer 12 % of the page, top-down, onto the next
// page when full, stepping below a mark the grader placed in the column.
import { describe, expect, it } from "vitest";
import { columnOf, layoutColumn, MARGIN_SHARE } from "../../../server/render/margin-marks.ts";
import type { QuestionMark } from "../../../server/render/render-types.ts";

const A4 = { width: 595.28, height: 841.89 };
const LANDSCAPE = { width: 841.89, height: 595.28 };
const questions = (n: number): QuestionMark[] => Array.from({ length: n }, (_, i) => ({ id: `q${i}`, label: `${i + 1}`, points: 1, max: 2 }));

describe("margin column layout", () => {
  it("stays in the outer 12 % of the width, top-down, without overlaps", () => {
    for (const size of [A4, LANDSCAPE]) {
      const entries = layoutColumn([size], questions(10), new Map());
      expect(entries).toHaveLength(10);
      for (const e of entries) {
        expect(e.rect.x).toBeGreaterThanOrEqual(size.width * (1 - MARGIN_SHARE));
        expect(e.rect.x + e.rect.w).toBeLessThanOrEqual(size.width);
        expect(e.rect.y).toBeGreaterThan(0);
      }
      for (let i = 1; i < entries.length; i++) expect(entries[i]!.rect.y + entries[i]!.rect.h).toBeLessThan(entries[i - 1]!.rect.y);
      expect(entries[0]!.rect.y + entries[0]!.rect.h).toBeCloseTo(size.height * 0.97);
    }
  });

  it("continues on the next page when full, and leaves out what fits nowhere", () => {
    const perPage = layoutColumn([A4], questions(200), new Map()).length;
    expect(perPage).toBeGreaterThan(30);
    const two = layoutColumn([A4, LANDSCAPE], questions(perPage + 5), new Map());
    expect(two.filter((e) => e.page === 0)).toHaveLength(perPage);
    expect(two.filter((e) => e.page === 1).map((e) => e.question.label)).toEqual([perPage + 1, perPage + 2, perPage + 3, perPage + 4, perPage + 5].map(String));
    expect(layoutColumn([A4], questions(perPage + 5), new Map())).toHaveLength(perPage);
  });

  it("steps below a mark the grader placed in the column", () => {
    const c = columnOf(A4);
    const placed = { x: c.x - 10, y: c.top - 3.5 * c.entryH, w: 40, h: 2 * c.entryH }; // leaves room for one entry above it
    const entries = layoutColumn([A4], questions(3), new Map([[0, [placed]]]));
    for (const e of entries) expect(e.rect.y >= placed.y + placed.h || e.rect.y + e.rect.h <= placed.y).toBe(true);
    expect(entries[0]!.rect.y + entries[0]!.rect.h).toBeCloseTo(c.top); // the first one still fits above it
    expect(entries[1]!.rect.y + entries[1]!.rect.h).toBeLessThanOrEqual(placed.y);
  });
});
