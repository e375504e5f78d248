// The score sheet appended to every graded copy: who, what, the per-question table following the
// grading scale (under each question the rubric items applied, their points and their feedback,
// and the adjustment with its reason), the total, the general comment, the graders and the date. Flows onto more pages
// when comments are long.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";
import { formatPoints, sanitizeLine, wrapText } from "./pdf-text.ts";
import type { ScoreSheetData, ScoreSheetRow } from "./render-types.ts";

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const COL_POINTS_RIGHT = 330;
const COL_COMMENT = 345;
const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.35, 0.35, 0.4);
const RULE = rgb(0.75, 0.75, 0.8);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
}

class Cursor {
  page!: PDFPage;
  y = 0;
  constructor(
    private readonly pdf: PDFDocument,
    private readonly onNewPage: (c: Cursor) => void = () => {},
  ) {
    this.newPage();
  }
  newPage() {
    this.page = this.pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
    this.onNewPage(this);
  }
  /** Starts a new page unless `height` points still fit. */
  need(height: number) {
    if (this.y - height < MARGIN + 20) this.newPage();
  }
  text(s: string, x: number, size: number, font: PDFFont, color = INK) {
    this.page.drawText(sanitizeLine(font, s), { x, y: this.y - size, size, font, color });
  }
}

function pointsText(r: Pick<ScoreSheetRow, "points" | "max">): string {
  if (r.max === null) return "";
  return `${r.points === null ? "–" : formatPoints(r.points)} / ${formatPoints(r.max)}`;
}

function tableHeader(c: Cursor, f: Fonts) {
  c.text("Question", MARGIN, 10, f.bold, MUTED);
  const pts = "Points";
  c.text(pts, COL_POINTS_RIGHT - f.bold.widthOfTextAtSize(pts, 10), 10, f.bold, MUTED);
  c.text("Commentaire", COL_COMMENT, 10, f.bold, MUTED);
  c.y -= 14;
  c.page.drawLine({ start: { x: MARGIN, y: c.y }, end: { x: A4[0] - MARGIN, y: c.y }, thickness: 0.8, color: RULE });
  c.y -= 4;
}

function row(c: Cursor, f: Fonts, r: ScoreSheetRow) {
  const font = r.group ? f.bold : f.regular;
  const size = 10;
  const labelX = MARGIN + r.depth * 12;
  const labelLines = wrapText(font, r.label, size, COL_POINTS_RIGHT - 70 - labelX);
  const commentLines = r.comment ? wrapText(f.regular, r.comment, 9, A4[0] - MARGIN - COL_COMMENT) : [];
  const height = Math.max(labelLines.length * 13, commentLines.length * 11.5) + 6;
  c.need(height);
  if (r.group) c.page.drawRectangle({ x: MARGIN - 4, y: c.y - height + 2, width: A4[0] - 2 * MARGIN + 8, height, color: rgb(0.94, 0.95, 0.97) });
  const top = c.y - 3;
  labelLines.forEach((l, i) => c.page.drawText(l, { x: labelX, y: top - size - i * 13, size, font, color: INK }));
  const pts = pointsText(r);
  if (pts) c.page.drawText(pts, { x: COL_POINTS_RIGHT - font.widthOfTextAtSize(pts, size), y: top - size, size, font, color: INK });
  commentLines.forEach((l, i) => c.page.drawText(l, { x: COL_COMMENT, y: top - 9 - i * 11.5, size: 9, font: f.regular, color: MUTED }));
  c.y -= height;
  if (r.items?.length || r.adjustment) return; // the rule goes under its details
  c.page.drawLine({ start: { x: MARGIN, y: c.y }, end: { x: A4[0] - MARGIN, y: c.y }, thickness: 0.3, color: RULE });
}

const signed = (p: number) => `${p > 0 ? "+" : p < 0 ? "−" : ""}${formatPoints(Math.abs(p))}`;

/** A line under a question: an applied rubric item (or the adjustment) with its points and the feedback for the student. */
function detail(c: Cursor, f: Fonts, depth: number, label: string, points: number, note: string | null) {
  const size = 9;
  const labelX = MARGIN + depth * 12 + 10;
  const labelLines = wrapText(f.regular, `• ${label}`, size, COL_POINTS_RIGHT - 60 - labelX);
  const noteLines = note ? wrapText(f.regular, note, 8.5, A4[0] - MARGIN - COL_COMMENT) : [];
  const height = Math.max(labelLines.length * 11.5, noteLines.length * 10.5) + 3;
  c.need(height);
  const top = c.y - 1;
  labelLines.forEach((l, i) => c.page.drawText(l, { x: labelX, y: top - size - i * 11.5, size, font: f.regular, color: INK }));
  const pts = sanitizeLine(f.regular, signed(points));
  c.page.drawText(pts, { x: COL_POINTS_RIGHT - f.regular.widthOfTextAtSize(pts, size), y: top - size, size, font: f.regular, color: MUTED });
  noteLines.forEach((l, i) => c.page.drawText(l, { x: COL_COMMENT, y: top - 8.5 - i * 10.5, size: 8.5, font: f.regular, color: MUTED }));
  c.y -= height;
}

function details(c: Cursor, f: Fonts, r: ScoreSheetRow) {
  if (!r.items?.length && !r.adjustment) return;
  for (const item of r.items ?? []) detail(c, f, r.depth, item.label, item.points, item.feedback);
  if (r.adjustment) detail(c, f, r.depth, `Ajustement : ${r.adjustment.comment}`, r.adjustment.points, null);
  c.y -= 3;
  c.page.drawLine({ start: { x: MARGIN, y: c.y }, end: { x: A4[0] - MARGIN, y: c.y }, thickness: 0.3, color: RULE });
}

function heading(c: Cursor, f: Fonts, s: ScoreSheetData) {
  c.text("Relevé de notes", MARGIN, 18, f.bold);
  c.y -= 26;
  for (const line of wrapText(f.bold, s.examTitle, 13, A4[0] - 2 * MARGIN)) {
    c.text(line, MARGIN, 13, f.bold);
    c.y -= 17;
  }
  const sub = [s.subject, s.examDate].filter(Boolean).join(" — ");
  if (sub) {
    c.text(sub, MARGIN, 10, f.regular, MUTED);
    c.y -= 14;
  }
  c.y -= 6;
  c.text(`Copie anonyme : ${s.anonymousCode}`, MARGIN, 11, f.regular);
  c.y -= 15;
  if (s.studentName) {
    c.text(`Élève : ${s.studentName}${s.className ? ` (${s.className})` : ""}`, MARGIN, 11, f.regular);
    c.y -= 15;
  }
  c.y -= 10;
}

function paragraph(c: Cursor, f: Fonts, title: string, body: string) {
  c.need(40);
  c.text(title, MARGIN, 11, f.bold);
  c.y -= 16;
  for (const line of wrapText(f.regular, body, 10, A4[0] - 2 * MARGIN)) {
    c.need(13);
    c.text(line, MARGIN, 10, f.regular);
    c.y -= 13;
  }
  c.y -= 8;
}

/** Appends the score sheet page(s) to `pdf`. */
export function appendScoreSheet(pdf: PDFDocument, fonts: Fonts, s: ScoreSheetData): void {
  let inTable = false;
  const c = new Cursor(pdf, (cur) => {
    if (inTable) tableHeader(cur, fonts); // a table that flows onto a new page repeats its header
  });
  heading(c, fonts, s);
  tableHeader(c, fonts);
  inTable = true;
  for (const r of s.rows) {
    row(c, fonts, r);
    details(c, fonts, r);
  }
  inTable = false;
  c.need(30);
  c.y -= 6;
  const total = `${formatPoints(s.total)} / ${formatPoints(s.max)}`;
  c.text("Total", MARGIN, 12, fonts.bold);
  c.text(total, COL_POINTS_RIGHT - fonts.bold.widthOfTextAtSize(total, 12), 12, fonts.bold);
  c.y -= 28;
  if (s.general.trim()) paragraph(c, fonts, "Appréciation générale", s.general);
  c.need(30);
  const who = s.graders.length ? `Correction : ${s.graders.join(", ")}` : "Correction";
  for (const line of wrapText(fonts.regular, `${who} — finalisée le ${s.dateText}`, 10, A4[0] - 2 * MARGIN)) {
    c.text(line, MARGIN, 10, fonts.regular, MUTED);
    c.y -= 13;
  }
  for (const p of pdf.getPages().slice(-1)) p.drawText("Document produit par Korrigo", { x: MARGIN, y: 28, size: 8, font: fonts.regular, color: MUTED });
}
