// The fabric objects of the annotation layer, all in page units (see geometry.ts) with a top-left
// origin (fabric 7 defaults to the centre). Every object carries its annotation's id and kind.
import { FabricObject, Rect, Textbox, type TMat2D } from "fabric";
import type { AnnotationKind } from "../../../collab/index.ts";

export interface Tagged {
  annotationId?: string;
  annotationKind?: AnnotationKind;
  createdAt?: number;
}

export type DeskObject = FabricObject & Tagged;

const INTERACTIVE = {
  originX: "left",
  originY: "top",
  lockRotation: true,
  borderColor: "#2563c9",
  cornerColor: "#2563c9",
  cornerSize: 10,
  transparentCorners: false,
} as const;

export function hideRotation(obj: FabricObject): void {
  obj.setControlVisible("mtr", false);
}

/** A pen or highlighter stroke; with pressures, its width follows the stylus (0.4–1 × width). */
export class StrokeObject extends FabricObject {
  static override type = "KoStroke";
  points: number[] = [];
  pressures: number[] = [];
  strokeUnits = 3;
  color = "#d32f2f";
  /** centre of the points' box when they were set: points are drawn relative to it */
  private cx = 0;
  private cy = 0;

  constructor(points: number[], pressures: number[], strokeUnits: number, color: string, highlight: boolean) {
    super({ ...INTERACTIVE, objectCaching: false, opacity: highlight ? 0.35 : 1 });
    this.color = color;
    this.setPoints(points, pressures, strokeUnits);
  }

  setPoints(points: number[], pressures: number[], strokeUnits: number): void {
    this.points = points;
    this.pressures = pressures;
    this.strokeUnits = strokeUnits;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = 0; i + 1 < points.length; i += 2) {
      minX = Math.min(minX, points[i]!);
      maxX = Math.max(maxX, points[i]!);
      minY = Math.min(minY, points[i + 1]!);
      maxY = Math.max(maxY, points[i + 1]!);
    }
    const pad = strokeUnits / 2;
    this.set({ left: minX - pad, top: minY - pad, width: maxX - minX + 2 * pad, height: maxY - minY + 2 * pad, scaleX: 1, scaleY: 1 });
    this.cx = (minX + maxX) / 2;
    this.cy = (minY + maxY) / 2;
    this.setCoords();
  }

  /** The points where the object now is on the page (after a move or resize with the select tool). */
  transformedPoints(matrix: TMat2D): number[] {
    const out: number[] = [];
    for (let i = 0; i + 1 < this.points.length; i += 2) {
      const x = this.points[i]! - this.cx;
      const y = this.points[i + 1]! - this.cy;
      out.push(matrix[0] * x + matrix[2] * y + matrix[4], matrix[1] * x + matrix[3] * y + matrix[5]);
    }
    return out;
  }

  override _render(ctx: CanvasRenderingContext2D): void {
    const p = this.points;
    if (p.length < 2) return;
    ctx.save();
    ctx.translate(-this.cx, -this.cy);
    ctx.strokeStyle = this.color;
    ctx.fillStyle = this.color;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    if (p.length === 2) {
      ctx.beginPath();
      ctx.arc(p[0]!, p[1]!, this.strokeUnits / 2, 0, Math.PI * 2);
      ctx.fill();
    } else if (this.pressures.length > 0) {
      this.renderPressure(ctx);
    } else {
      ctx.lineWidth = this.strokeUnits;
      ctx.beginPath();
      traceSmooth(ctx, p, 0, p.length / 2);
      ctx.stroke();
    }
    ctx.restore();
  }

  private renderPressure(ctx: CanvasRenderingContext2D): void {
    const p = this.points;
    const n = p.length / 2;
    for (let i = 1; i < n; i++) {
      const pressure = ((this.pressures[i - 1] ?? 1) + (this.pressures[i] ?? 1)) / 2;
      ctx.lineWidth = this.strokeUnits * (0.4 + 0.6 * pressure);
      ctx.beginPath();
      traceSmooth(ctx, p, i - 1, i + 1);
      ctx.stroke();
    }
  }
}

/** Quadratic curves through the midpoints of points [from, to): smooth, and cheap to draw live. */
function traceSmooth(ctx: CanvasRenderingContext2D, p: number[], from: number, to: number): void {
  const x = (i: number) => p[2 * i]!;
  const y = (i: number) => p[2 * i + 1]!;
  const mid = (i: number): [number, number] => [(x(i) + x(i + 1)) / 2, (y(i) + y(i + 1)) / 2];
  const [sx, sy] = from === 0 ? [x(0), y(0)] : mid(from - 1);
  ctx.moveTo(sx, sy);
  for (let i = from; i < to - 1; i++) {
    const [mx, my] = mid(i);
    if (i === from) ctx.lineTo(x(i), y(i));
    ctx.quadraticCurveTo(x(i), y(i), mx, my);
  }
  ctx.lineTo(x(to - 1), y(to - 1));
}

/** Tick ✓, cross ✗ or stamp, drawn to fill its box (as the PDF renderer does). */
export class GlyphObject extends FabricObject {
  static override type = "KoGlyph";
  glyph: "tick" | "cross" | "stamp";
  color: string;
  strokeUnits: number;
  label: string;

  constructor(
    glyph: "tick" | "cross" | "stamp",
    box: { left: number; top: number; width: number; height: number },
    color: string,
    strokeUnits: number,
    label = "",
  ) {
    super({ ...INTERACTIVE, ...box, objectCaching: false });
    this.glyph = glyph;
    this.color = color;
    this.strokeUnits = strokeUnits;
    this.label = label;
  }

  override _render(ctx: CanvasRenderingContext2D): void {
    const w = this.width;
    const h = this.height;
    ctx.save();
    ctx.translate(-w / 2, -h / 2);
    ctx.strokeStyle = this.color;
    ctx.fillStyle = this.color;
    ctx.lineWidth = Math.max(this.strokeUnits * 2, Math.min(w, h) * 0.12);
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    if (this.glyph === "tick") {
      ctx.moveTo(w * 0.12, h * 0.55);
      ctx.lineTo(w * 0.4, h * 0.85);
      ctx.lineTo(w * 0.9, h * 0.15);
    } else if (this.glyph === "cross") {
      ctx.moveTo(w * 0.15, h * 0.15);
      ctx.lineTo(w * 0.85, h * 0.85);
      ctx.moveTo(w * 0.85, h * 0.15);
      ctx.lineTo(w * 0.15, h * 0.85);
    } else {
      this.renderStamp(ctx, w, h);
    }
    ctx.stroke();
    ctx.restore();
  }

  private renderStamp(ctx: CanvasRenderingContext2D, w: number, h: number): void {
    ctx.lineWidth = this.strokeUnits;
    ctx.strokeRect(0, 0, w, h);
    const inset = this.strokeUnits * 2.5;
    ctx.strokeRect(inset, inset, w - 2 * inset, h - 2 * inset);
    ctx.font = `bold ${Math.min(h * 0.45, 24)}px Helvetica, Arial, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(this.label || "★", w / 2, h / 2, w - 4 * inset);
  }
}

export function boxObject(box: { left: number; top: number; width: number; height: number }, color: string, strokeUnits: number): Rect {
  return new Rect({ ...INTERACTIVE, ...box, fill: "transparent", stroke: color, strokeWidth: strokeUnits, strokeUniform: true, objectCaching: false });
}

export function textObject(text: string, box: { left: number; top: number; width: number }, color: string, fontUnits: number): Textbox {
  return new Textbox(text, {
    ...INTERACTIVE,
    ...box,
    fontSize: fontUnits,
    fontFamily: "Helvetica, Arial, sans-serif",
    fill: color,
    backgroundColor: "rgba(255,255,255,0.7)",
    splitByGrapheme: false,
    lockScalingY: true,
    objectCaching: false,
  });
}
