// A freehand stroke as a smooth SVG path: a uniform Catmull-Rom spline through
// the sampled points, written as cubic Béziers, so a pen stroke prints as a curve, not a polyline.

export type Pt = readonly [number, number];

const f = (n: number) => (Math.round(n * 100) / 100).toString();

/** SVG path through every point (y down, in the caller's units). */
export function smoothPath(points: readonly Pt[]): string {
  if (points.length === 0) return "";
  const [x0, y0] = points[0]!;
  if (points.length === 1) return `M${f(x0)} ${f(y0)} L${f(x0)} ${f(y0)}`;
  if (points.length === 2) return `M${f(x0)} ${f(y0)} L${f(points[1]![0])} ${f(points[1]![1])}`;
  let d = `M${f(x0)} ${f(y0)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[i + 2] ?? p2;
    // Catmull-Rom (tension 0.5) to Bézier: control points at p1 + (p2 - p0) / 6 and p2 - (p3 - p1) / 6
    const c1x = p1[0] + (p2[0] - p0[0]) / 6;
    const c1y = p1[1] + (p2[1] - p0[1]) / 6;
    const c2x = p2[0] - (p3[0] - p1[0]) / 6;
    const c2y = p2[1] - (p3[1] - p1[1]) / 6;
    d += ` C${f(c1x)} ${f(c1y)} ${f(c2x)} ${f(c2y)} ${f(p2[0])} ${f(p2[1])}`;
  }
  return d;
}

/** Flat [x0,y0,x1,y1,…] normalized coordinates to points in page units (y down). */
export function scalePoints(flat: readonly number[], width: number, height: number): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const p: Pt = [flat[i]! * width, flat[i + 1]! * height];
    const last = out[out.length - 1];
    if (!last || Math.abs(last[0] - p[0]) > 0.05 || Math.abs(last[1] - p[1]) > 0.05) out.push(p); // drop duplicate samples
  }
  return out;
}
