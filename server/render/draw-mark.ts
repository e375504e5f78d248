// One question's mark ("1.b  2,5 / 4") drawn in a rectangle of the output page, in a teacher's
// red-pen look: the points in bold, underlined with a slightly slanted stroke, over a light white
// backing so it reads on a grey or busy scan. Used for placed `mark` annotations and for the
// margin column (margin-marks.ts).
import { rgb, type Color, type PDFFont, type PDFPage } from "pdf-lib";
import { formatPoints, sanitizeLine } from "./pdf-text.ts";
import type { QuestionMark } from "./render-types.ts";

export interface MarkFonts {
  regular: PDFFont;
  bold: PDFFont;
}

/** A rectangle in PDF user space of the output page (origin bottom-left). */
export interface PdfRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const MARK_RED = rgb(0.78, 0.1, 0.1);
const MIN_FONT = 4;
const GAP = "  ";

/** "2,5 / 4", or "— / 4" while unscored. */
export function pointsText(q: Pick<QuestionMark, "points" | "max">): string {
  return `${q.points === null ? "—" : formatPoints(q.points)} / ${formatPoints(q.max)}`;
}

interface Fitted {
  label: string;
  points: string;
  size: number;
}

/** The largest font (≤ `size`) at which label + points fit `room`; past MIN_FONT the label is cut. */
function fit(fonts: MarkFonts, q: QuestionMark, size: number, room: number): Fitted {
  const points = sanitizeLine(fonts.bold, pointsText(q));
  let label = sanitizeLine(fonts.regular, q.label.replace(/\s+/g, " ").trim());
  const width = (l: string, s: number) => (l ? fonts.regular.widthOfTextAtSize(l + GAP, s) : 0) + fonts.bold.widthOfTextAtSize(points, s);
  const natural = width(label, size);
  if (natural > room && natural > 0) size = Math.max(MIN_FONT, size * (room / natural) * 0.999);
  while (label && width(label, size) > room) label = label.length > 2 ? `${label.slice(0, -2)}…` : ""; // only at MIN_FONT
  return { label, points, size };
}

/** Draws the mark of `q` inside `r`, text sized to the rectangle's height and fitted to its width. */
export function drawMark(page: PDFPage, r: PdfRect, q: QuestionMark, fonts: MarkFonts, color: Color = MARK_RED, backing = 0.8): void {
  const pad = Math.min(r.h * 0.12, 3);
  const f = fit(fonts, q, Math.max(MIN_FONT, (r.h - 2 * pad) * 0.72), r.w - 2 * pad);
  page.drawRectangle({ x: r.x, y: r.y, width: r.w, height: r.h, color: rgb(1, 1, 1), opacity: backing });
  const baseline = r.y + r.h / 2 - f.size * 0.33;
  let x = r.x + pad;
  if (f.label) {
    page.drawText(f.label + GAP, { x, y: baseline, size: f.size, font: fonts.regular, color });
    x += fonts.regular.widthOfTextAtSize(f.label + GAP, f.size);
  }
  page.drawText(f.points, { x, y: baseline, size: f.size, font: fonts.bold, color });
  const w = fonts.bold.widthOfTextAtSize(f.points, f.size);
  const under = baseline - f.size * 0.18;
  page.drawLine({
    start: { x: x - f.size * 0.1, y: under - f.size * 0.04 },
    end: { x: x + w + f.size * 0.1, y: under + f.size * 0.06 },
    thickness: Math.max(f.size * 0.08, 0.4),
    color,
  });
}
