// Per-question marks on the copy's pages. A `mark` annotation is drawn where the grader put it,
// showing its question's score (never a stored text). Every scored question without a placed
// mark gets one in a compact column in the right-hand margin of the first page, top-down, in
// the outer 12 % of the page width (scans usually keep a margin there), continuing on the next
// pages' margins when the column is full. Output pages are upright, so "right" is the right of
// the page as displayed whatever the scan's rotation. Entries step below a placed mark that
// sits in the column rather than covering it.
import type { PDFPage } from "pdf-lib";
import type { Annotation, MarkAnnotation } from "../../collab/index.ts";
import { hexColor } from "./draw-annotations.ts";
import { drawMark, type MarkFonts, type PdfRect } from "./draw-mark.ts";
import type { QuestionMark } from "./render-types.ts";

/** The column's share of the page width, measured from the right edge. */
export const MARGIN_SHARE = 0.12;
/** Top and bottom of the column, as fractions of the page height. */
const TOP = 0.03;
const BOTTOM = 0.97;

interface Size {
  width: number;
  height: number;
}

export interface ColumnEntry {
  page: number;
  question: QuestionMark;
  rect: PdfRect;
}

function markRect(a: MarkAnnotation, size: Size): PdfRect {
  return { x: a.box.x * size.width, y: size.height - (a.box.y + a.box.h) * size.height, w: a.box.w * size.width, h: a.box.h * size.height };
}

/** Geometry of the column of a page: where it is and how tall one entry is. */
export function columnOf(size: Size): { x: number; w: number; top: number; bottom: number; entryH: number; gap: number } {
  const inset = size.width * 0.008;
  const x = size.width * (1 - MARGIN_SHARE) + inset;
  const font = Math.min(10, Math.max(6.5, size.width * 0.0145));
  return { x, w: size.width - inset - x, top: size.height * (1 - TOP), bottom: size.height * (1 - BOTTOM), entryH: font * 1.6, gap: font * 0.35 };
}

/** Where each unplaced question's entry goes: pages in order, top-down, below any placed mark in the way. */
export function layoutColumn(sizes: readonly Size[], questions: readonly QuestionMark[], placed: ReadonlyMap<number, PdfRect[]>): ColumnEntry[] {
  const out: ColumnEntry[] = [];
  let next = 0;
  for (let page = 0; page < sizes.length && next < questions.length; page++) {
    const c = columnOf(sizes[page]!);
    const blockers = (placed.get(page) ?? []).filter((r) => r.x < c.x + c.w && r.x + r.w > c.x);
    let top = c.top;
    while (next < questions.length && top - c.entryH >= c.bottom) {
      const rect = { x: c.x, y: top - c.entryH, w: c.w, h: c.entryH };
      const hit = blockers.find((b) => b.y < rect.y + rect.h && b.y + b.h > rect.y);
      if (hit) {
        top = hit.y - c.gap; // step below the placed mark
        continue;
      }
      out.push({ page, question: questions[next++]!, rect });
      top = rect.y - c.gap;
    }
  }
  return out; // a question that fits nowhere is still on the score sheet
}

/** Draws the placed marks and the margin column on the copy's pages. */
export function drawMarks(pages: readonly PDFPage[], annotations: readonly Annotation[], questions: readonly QuestionMark[], fonts: MarkFonts): void {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const placedRects = new Map<number, PdfRect[]>();
  const placedIds = new Set<string>();
  for (const a of annotations) {
    const page = pages[a.page];
    const q = a.kind === "mark" ? byId.get(a.questionId) : undefined;
    if (a.kind !== "mark" || !page || !q) continue; // a question of another variant is not on this copy
    const rect = markRect(a, page.getSize());
    drawMark(page, rect, q, fonts, hexColor(a.color));
    placedRects.set(a.page, [...(placedRects.get(a.page) ?? []), rect]);
    placedIds.add(q.id);
  }
  const unplaced = questions.filter((q) => q.points !== null && !placedIds.has(q.id));
  for (const e of layoutColumn(
    pages.map((p) => p.getSize()),
    unplaced,
    placedRects,
  ))
    drawMark(pages[e.page]!, e.rect, e.question, fonts, undefined, 0.92);
}
