// Where a copy page comes from on its source PDF page, and how to place it upright on the output.
// "Display space" is the source page as a viewer shows it (its own /Rotate applied). A half page
// (LEFT/RIGHT of an A3 sheet) is the left/right half of that display; Page.rotation then turns the
// result clockwise. The output page is upright (no /Rotate): the rotation is baked into the content.

export type Half = "FULL" | "LEFT" | "RIGHT";
export type QuarterTurn = 0 | 90 | 180 | 270;

/** A rectangle in PDF user space of the source page (origin bottom-left). */
export interface UserBox {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

export interface Placement {
  /** the part of the source page to embed, in its unrotated user space */
  box: UserBox;
  /** output page size (points), as displayed */
  width: number;
  height: number;
  /** clockwise turn to apply to the embedded box */
  turn: QuarterTurn;
  /** drawPage options that realise the turn: translate to (x, y), rotate counter-clockwise by `ccw` degrees */
  x: number;
  y: number;
  ccw: number;
}

export function quarterTurn(angle: number): QuarterTurn {
  const q = Math.round((((angle % 360) + 360) % 360) / 90) % 4;
  return (q * 90) as QuarterTurn;
}

/**
 * Maps a point of display space (after a clockwise `turn` of a w×h box, origin bottom-left) back to
 * box-local coordinates (origin at the box's bottom-left corner, unrotated).
 */
function displayToLocal(turn: QuarterTurn, w: number, h: number, x: number, y: number): [number, number] {
  switch (turn) {
    case 0:
      return [x, y];
    case 90: // clockwise: local (u, v) shows at (v, w - u)
      return [w - y, x];
    case 180:
      return [w - x, h - y];
    case 270: // local (u, v) shows at (h - v, u)
      return [y, h - x];
  }
}

/** The source rectangle (user space) of a half of the displayed page. */
export function halfBox(crop: UserBox, sourceTurn: QuarterTurn, half: Half): UserBox {
  if (half === "FULL") return crop;
  const w = crop.right - crop.left;
  const h = crop.top - crop.bottom;
  const dw = sourceTurn % 180 === 0 ? w : h;
  const dh = sourceTurn % 180 === 0 ? h : w;
  const x0 = half === "LEFT" ? 0 : dw / 2;
  const x1 = half === "LEFT" ? dw / 2 : dw;
  const corners = [displayToLocal(sourceTurn, w, h, x0, 0), displayToLocal(sourceTurn, w, h, x1, dh)];
  const us = corners.map((c) => c[0]);
  const vs = corners.map((c) => c[1]);
  return { left: crop.left + Math.min(...us), bottom: crop.bottom + Math.min(...vs), right: crop.left + Math.max(...us), top: crop.bottom + Math.max(...vs) };
}

/** How to draw `box` (unrotated) turned clockwise by `turn` onto an upright page that it fills. */
export function placement(crop: UserBox, sourceRotate: number, pageRotation: number, half: Half): Placement {
  const sourceTurn = quarterTurn(sourceRotate);
  const box = halfBox(crop, sourceTurn, half);
  const turn = quarterTurn(sourceTurn + pageRotation);
  const bw = box.right - box.left;
  const bh = box.top - box.bottom;
  const width = turn % 180 === 0 ? bw : bh;
  const height = turn % 180 === 0 ? bh : bw;
  // drawPage translates then rotates counter-clockwise; a clockwise turn is a negative angle.
  const at: Record<QuarterTurn, [number, number]> = { 0: [0, 0], 90: [0, bw], 180: [bw, bh], 270: [bh, 0] };
  const [x, y] = at[turn];
  return { box, width, height, turn, x, y, ccw: -turn };
}

/** Normalized display coordinates (origin top-left, y down, [0,1]) to PDF user space of the output page. */
export function toPdf(size: { width: number; height: number }, nx: number, ny: number): { x: number; y: number } {
  return { x: nx * size.width, y: (1 - ny) * size.height };
}
