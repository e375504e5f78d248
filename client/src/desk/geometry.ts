// Page geometry of the desk. Annotations are stored normalized to the page as displayed ([0,1],
// origin top-left, y down; a width is a fraction of the page width). The fabric layer works in
// "page units": 1000 across the page width, PAGE_UNITS·h/w down; its viewport transform maps
// units to screen pixels, zoom and view rotation included, so a zoom never touches the objects.
import type { Annotation, Box } from "../../../collab/index.ts";

export const PAGE_UNITS = 1000;
export type Rotation = 0 | 90 | 180 | 270;
/** [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f (canvas / fabric order). */
export type Matrix = [number, number, number, number, number, number];

export interface PageFrame {
  /** page units down the page (across is always PAGE_UNITS) */
  unitsH: number;
}

export const frameOf = (widthPt: number, heightPt: number): PageFrame => ({ unitsH: (PAGE_UNITS * heightPt) / widthPt });

/** CSS pixel size of the page on screen at `pxPerUnit`, after the view rotation. */
export function screenSize(frame: PageFrame, pxPerUnit: number, rotation: Rotation): { width: number; height: number } {
  const w = PAGE_UNITS * pxPerUnit;
  const h = frame.unitsH * pxPerUnit;
  return rotation === 90 || rotation === 270 ? { width: h, height: w } : { width: w, height: h };
}

/** Page units → screen pixels, turned clockwise by `rotation`. */
export function viewportMatrix(frame: PageFrame, pxPerUnit: number, rotation: Rotation): Matrix {
  const s = pxPerUnit;
  const W = PAGE_UNITS * s;
  const H = frame.unitsH * s;
  switch (rotation) {
    case 0:
      return [s, 0, 0, s, 0, 0];
    case 90:
      return [0, s, -s, 0, H, 0];
    case 180:
      return [-s, 0, 0, -s, W, H];
    case 270:
      return [0, -s, s, 0, 0, W];
  }
}

export const nextRotation = (r: Rotation): Rotation => ((r + 90) % 360) as Rotation;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Page units → normalized, clamped into the page (a pointer may leave it mid-stroke). */
export function toNormalized(frame: PageFrame, x: number, y: number): [number, number] {
  return [clamp01(x / PAGE_UNITS), clamp01(y / frame.unitsH)];
}

export function toUnits(frame: PageFrame, nx: number, ny: number): [number, number] {
  return [nx * PAGE_UNITS, ny * frame.unitsH];
}

/** A box in page units → a normalized box kept inside the page (the schema requires it). */
export function normalizedBox(frame: PageFrame, left: number, top: number, width: number, height: number): Box {
  const w = Math.min(1, Math.max(0, width / PAGE_UNITS));
  const h = Math.min(1, Math.max(0, height / frame.unitsH));
  return { x: Math.min(clamp01(left / PAGE_UNITS), 1 - w), y: Math.min(clamp01(top / frame.unitsH), 1 - h), w, h };
}

/** A box of `size` (fraction of the page width, square on paper) centred on a normalized point. */
export function boxAround(frame: PageFrame, nx: number, ny: number, size: number): Box {
  const w = size;
  const h = (size * PAGE_UNITS) / frame.unitsH;
  return normalizedBox(frame, (nx - w / 2) * PAGE_UNITS, (ny - h / 2) * frame.unitsH, w * PAGE_UNITS, h * frame.unitsH);
}

/** Distance in page units from (x, y) to the segment a–b. */
function segmentDistance(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** Whether a normalized point touches an annotation, within `tolerance` page units (eraser). */
export function hitTest(frame: PageFrame, a: Annotation, nx: number, ny: number, tolerance: number): boolean {
  const [x, y] = toUnits(frame, nx, ny);
  if ("points" in a) {
    const reach = (a.width * PAGE_UNITS) / 2 + tolerance;
    const p = a.points;
    if (p.length === 2) return Math.hypot(x - p[0]! * PAGE_UNITS, y - p[1]! * frame.unitsH) <= reach;
    for (let i = 0; i + 3 < p.length; i += 2) {
      const d = segmentDistance(x, y, p[i]! * PAGE_UNITS, p[i + 1]! * frame.unitsH, p[i + 2]! * PAGE_UNITS, p[i + 3]! * frame.unitsH);
      if (d <= reach) return true;
    }
    return false;
  }
  if (!("box" in a)) return false;
  const [left, top] = toUnits(frame, a.box.x, a.box.y);
  const [w, h] = [a.box.w * PAGE_UNITS, a.box.h * frame.unitsH];
  return x >= left - tolerance && x <= left + w + tolerance && y >= top - tolerance && y <= top + h + tolerance;
}

/** Applies an affine matrix to flat [x0, y0, x1, y1, …] points. */
export function transformPoints(points: readonly number[], m: Matrix): number[] {
  const out = new Array<number>(points.length);
  for (let i = 0; i + 1 < points.length; i += 2) {
    const x = points[i]!;
    const y = points[i + 1]!;
    out[i] = m[0] * x + m[2] * y + m[4];
    out[i + 1] = m[1] * x + m[3] * y + m[5];
  }
  return out;
}

/** Drops points closer than `minStep` units to the previous kept one (a still pen makes many). */
export function simplifyStroke(points: readonly number[], pressures: readonly number[], minStep: number): { points: number[]; pressures: number[] } {
  const outP: number[] = [];
  const outR: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) {
    const n = outP.length;
    const last = i + 2 >= points.length;
    if (n > 0 && !last && Math.hypot(points[i]! - outP[n - 2]!, points[i + 1]! - outP[n - 1]!) < minStep) continue;
    outP.push(points[i]!, points[i + 1]!);
    outR.push(pressures[i / 2] ?? 1);
  }
  return { points: outP, pressures: outR };
}
