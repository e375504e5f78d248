// Where a tick, a cross, a question's mark or a margin note goes when it is placed from the keyboard
// (no pointer): at the current question. With question regions (grading by question), down the
// right edge of the question's first region; otherwise beside the question's mark when it has one;
// otherwise in the right margin of the page in view, at the height of the question's rank. Each new
// one goes below (or after) the ones already there, so repeated keys never stack on one spot.

export interface PlaceBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlaceInput {
  /** 0-based rank of the question among the copy's questions, and how many there are */
  rank: number;
  count: number;
  /** the question's regions (1-based pages), [] when the exam has none for it */
  regions: readonly { page: number; box: PlaceBox }[];
  /** the question's mark on the copy, if placed (0-based page) */
  mark: { page: number; box: PlaceBox } | null;
  /** the page in view (0-based) */
  pageInView: number;
  /** annotations already on the pages (0-based page, normalized box) */
  existing: readonly { page: number; box: PlaceBox }[];
  /** size of what is placed, normalized */
  size: { w: number; h: number };
}

export interface Placement {
  page: number;
  /** top-left corner, normalized */
  x: number;
  y: number;
}

const STEP_GAP = 0.008;

const overlaps = (a: PlaceBox, b: PlaceBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The first free slot from `start`, moving by `step` while something already sits there. */
function firstFree(page: number, start: { x: number; y: number }, step: { dx: number; dy: number }, input: PlaceInput, limit: PlaceBox): Placement {
  const { w, h } = input.size;
  const taken = input.existing.filter((e) => e.page === page).map((e) => e.box);
  let { x, y } = start;
  for (let i = 0; i < 40; i++) {
    const box = { x, y, w, h };
    const inside = x >= limit.x - 1e-9 && y >= limit.y - 1e-9 && x + w <= limit.x + limit.w + 1e-9 && y + h <= limit.y + limit.h + 1e-9;
    if (!inside) break;
    if (!taken.some((t) => overlaps(t, box))) return { page, x, y };
    x += step.dx;
    y += step.dy;
  }
  return { page, x: Math.min(Math.max(0, start.x), 1 - w), y: Math.min(Math.max(0, start.y), 1 - h) };
}

export function placeForQuestion(input: PlaceInput): Placement {
  const { w, h } = input.size;
  const region = input.regions[0];
  if (region) {
    const b = region.box;
    const page = region.page - 1;
    const x = Math.max(b.x, b.x + b.w - w - 0.01);
    return firstFree(page, { x, y: b.y + 0.01 }, { dx: 0, dy: h + STEP_GAP }, input, b);
  }
  if (input.mark) {
    const m = input.mark.box;
    const start = { x: Math.min(m.x + m.w + STEP_GAP, 1 - w), y: Math.max(0, m.y + m.h / 2 - h / 2) };
    return firstFree(input.mark.page, start, { dx: w + STEP_GAP, dy: 0 }, input, { x: 0, y: 0, w: 1, h: 1 });
  }
  const top = 0.06 + (input.count > 1 ? (input.rank / input.count) * 0.86 : 0);
  const margin = { x: 1 - w - 0.02, y: 0, w: w + 0.02, h: 1 };
  return firstFree(input.pageInView, { x: margin.x, y: Math.min(top, 1 - h) }, { dx: 0, dy: h + STEP_GAP }, input, margin);
}
