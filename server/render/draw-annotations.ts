// Draws a copy's annotations as vectors on an upright output page. Geometry is normalized to the
// page as displayed (origin top-left, y down); stroke widths are a fraction of the page width.
// SVG paths are drawn with the origin at the top-left corner (drawSvgPath flips y for us).
import { BlendMode, LineCapStyle, LineJoinStyle, popGraphicsState, pushGraphicsState, rgb, setLineJoin, type Color, type PDFFont, type PDFPage } from "pdf-lib";
import type { Annotation, Box, StampAnnotation, StrokeAnnotation, TextAnnotation } from "../../collab/index.ts";
import { sanitizeLine, wrapText } from "./pdf-text.ts";
import { scalePoints, smoothPath, type Pt } from "./smooth-path.ts";

export interface AnnotationFonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface Size {
  width: number;
  height: number;
}

export const HIGHLIGHT_OPACITY = 0.35;
/** Text notes: font size as a fraction of the page width (≈ 10.7 pt on A4 portrait). */
export const TEXT_SIZE_RATIO = 0.018;

export function hexColor(hex: string): Color {
  const n = Number.parseInt(hex.slice(1), 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

function boxRect(b: Box, size: Size) {
  return { x: b.x * size.width, top: b.y * size.height, w: b.w * size.width, h: b.h * size.height };
}

interface StrokeStyle {
  color: Color;
  width: number;
  opacity?: number;
  blendMode?: BlendMode;
}

/** A smooth open path; a single point prints as a dot. */
function stroke(page: PDFPage, pts: readonly Pt[], s: StrokeStyle) {
  const { height } = page.getSize();
  if (pts.length === 0) return;
  if (pts.length === 1) {
    page.drawCircle({ x: pts[0]![0], y: height - pts[0]![1], size: s.width / 2, color: s.color, opacity: s.opacity, blendMode: s.blendMode });
    return;
  }
  svg(page, smoothPath(pts), s);
}

function svg(page: PDFPage, path: string, s: StrokeStyle) {
  page.pushOperators(pushGraphicsState(), setLineJoin(LineJoinStyle.Round));
  page.drawSvgPath(path, {
    x: 0,
    y: page.getSize().height,
    borderColor: s.color,
    borderWidth: s.width,
    borderLineCap: LineCapStyle.Round,
    borderOpacity: s.opacity,
    blendMode: s.blendMode,
  });
  page.pushOperators(popGraphicsState());
}

function drawStroke(page: PDFPage, a: StrokeAnnotation, size: Size) {
  const pts = scalePoints(a.points, size.width, size.height);
  const color = hexColor(a.color);
  const base = a.width * size.width;
  if (a.kind === "highlight") {
    // one path, so overlapping segments do not darken; multiply keeps the ink beneath readable
    stroke(page, pts, { color, width: Math.max(base, 6), opacity: HIGHLIGHT_OPACITY, blendMode: BlendMode.Multiply });
    return;
  }
  if (!a.pressures?.length) {
    stroke(page, pts, { color, width: Math.max(base, 0.3) });
    return;
  }
  // pressure: short overlapping runs, each at its mean pressure (round caps hide the joins)
  const run = 4;
  for (let i = 0; i < Math.max(1, pts.length - 1); i += run - 1) {
    const chunk = pts.slice(i, i + run);
    const ps = chunk.map((_, k) => a.pressures?.[i + k] ?? 1);
    const mean = ps.reduce((x, y) => x + y, 0) / ps.length;
    stroke(page, chunk, { color, width: Math.max(base * (0.4 + 0.6 * mean), 0.3) });
  }
}

/** A glyph drawn to fill its box: tick ✓ or cross ✗. */
function drawGlyph(page: PDFPage, a: Annotation & { box: Box }, size: Size, kind: "tick" | "cross") {
  const r = boxRect(a.box, size);
  const p = (fx: number, fy: number) => `${r.x + fx * r.w} ${r.top + fy * r.h}`;
  const path =
    kind === "tick" ? `M${p(0.08, 0.55)} L${p(0.38, 0.88)} L${p(0.92, 0.12)}` : `M${p(0.12, 0.12)} L${p(0.88, 0.88)} M${p(0.88, 0.12)} L${p(0.12, 0.88)}`;
  const width = Math.max(a.width * size.width, Math.min(r.w, r.h) * 0.1, 1);
  svg(page, path, { color: hexColor(a.color), width });
}

function drawFrame(page: PDFPage, a: Annotation & { box: Box }, size: Size) {
  const r = boxRect(a.box, size);
  page.drawRectangle({
    x: r.x,
    y: size.height - r.top - r.h,
    width: r.w,
    height: r.h,
    borderColor: hexColor(a.color),
    borderWidth: Math.max(a.width * size.width, 0.5),
  });
}

function drawNote(page: PDFPage, a: TextAnnotation, size: Size, font: PDFFont) {
  const r = boxRect(a.box, size);
  const pad = Math.min(3, r.w * 0.05);
  let fontSize = TEXT_SIZE_RATIO * size.width;
  let lines = wrapText(font, a.text, fontSize, Math.max(r.w - 2 * pad, 1));
  // shrink down to 60 % to fit the box; past that the note runs below the box rather than being cut
  while (lines.length * fontSize * 1.2 > r.h - 2 * pad && fontSize > TEXT_SIZE_RATIO * size.width * 0.6) {
    fontSize *= 0.9;
    lines = wrapText(font, a.text, fontSize, Math.max(r.w - 2 * pad, 1));
  }
  const lineHeight = fontSize * 1.2;
  const textHeight = Math.max(r.h, lines.length * lineHeight + 2 * pad);
  page.drawRectangle({ x: r.x, y: size.height - r.top - textHeight, width: r.w, height: textHeight, color: rgb(1, 1, 1), opacity: 0.7 });
  const color = hexColor(a.color);
  lines.forEach((line, i) => {
    const y = size.height - r.top - pad - fontSize * 0.9 - i * lineHeight;
    if (line && y > 0) page.drawText(line, { x: r.x + pad, y, size: fontSize, font, color });
  });
}

function drawStamp(page: PDFPage, a: StampAnnotation, size: Size, font: PDFFont) {
  const r = boxRect(a.box, size);
  const color = hexColor(a.color);
  const y = size.height - r.top - r.h;
  const label = sanitizeLine(font, (a.text ?? "").replace(/\s+/g, " ").trim());
  if (!label) {
    // no label: a five-pointed star filling the box
    const cx = r.x + r.w / 2;
    const cy = r.top + r.h / 2;
    const R = Math.min(r.w, r.h) / 2;
    const pts = Array.from({ length: 10 }, (_, i) => {
      const rad = i % 2 === 0 ? R : R * 0.4;
      const t = -Math.PI / 2 + (i * Math.PI) / 5;
      return `${cx + rad * Math.cos(t)} ${cy + rad * Math.sin(t)}`;
    });
    page.drawSvgPath(`M${pts.join(" L")} Z`, { x: 0, y: size.height, color, opacity: 0.85 });
    return;
  }
  const border = Math.max(a.width * size.width, 1);
  page.drawRectangle({ x: r.x, y, width: r.w, height: r.h, borderColor: color, borderWidth: border, color: rgb(1, 1, 1), opacity: 0.6 });
  page.drawRectangle({
    x: r.x + 2 * border,
    y: y + 2 * border,
    width: Math.max(r.w - 4 * border, 0),
    height: Math.max(r.h - 4 * border, 0),
    borderColor: color,
    borderWidth: border / 2,
  });
  let fontSize = r.h * 0.5;
  const room = r.w - 6 * border;
  const w = font.widthOfTextAtSize(label, fontSize);
  if (w > room && w > 0) fontSize = Math.max(fontSize * (room / w), 4);
  const tw = font.widthOfTextAtSize(label, fontSize);
  page.drawText(label, { x: r.x + (r.w - tw) / 2, y: y + r.h / 2 - fontSize * 0.35, size: fontSize, font, color });
}

export function drawAnnotation(page: PDFPage, a: Annotation, fonts: AnnotationFonts): void {
  const size = page.getSize();
  switch (a.kind) {
    case "pen":
    case "highlight":
      return drawStroke(page, a, size);
    case "tick":
    case "cross":
      return drawGlyph(page, a, size, a.kind);
    case "box":
      return drawFrame(page, a, size);
    case "text":
      return drawNote(page, a, size, fonts.regular);
    case "stamp":
      return drawStamp(page, a, size, fonts.bold);
    case "mark":
      return; // its text comes from the scores: margin-marks.ts draws it
  }
}
