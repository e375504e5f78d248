// The copy's pages, and a pen that writes on them, before the app has booted. On a desk's first
// navigation the server inlined the copy's data and preloaded its first reading images (server/desk/
// desk-document-middleware.ts); the entry (main.ts) lays the pages out here at once, as the desk will
// (same column, same fit), and lets the pen or the mouse write on them while the app's modules load,
// the desk renders and the socket joins the copy and takes its lock. Nothing here needs lit, fabric,
// Yjs or the socket: a few DOM elements and a 2D canvas per page.
// The desk takes over when it is interactive (takeEarlyPen, ko-desk.ts): it scrolls to where the grader
// is, removes these pages and commits each stroke as the grader's own edit, as a stroke drawn on the
// desk is. A stroke is kept on this device (localStorage) from the moment it is drawn until the desk has
// committed it: a tab closed before the app booted, or a copy someone else took meanwhile, loses
// nothing (the desk sends them when it next holds the copy, commitEarlyStrokes).
// The pen is offered only when the server said this user may write the copy and nobody else holds
// its lock (`data-pen` on the inlined data); otherwise the pages are shown and nothing writes.
// As on the desk: the pen and the mouse write, a finger scrolls (unless "draw with finger" is on).
import type { DeskView } from "../api/grading.ts";
import { PAGE_UNITS } from "./geometry.ts";
import { DEFAULT_COLOR, WIDTHS } from "./tools.ts";
import { fingerDrawSaved, penHoldsPage } from "./touch-input.ts";
import { fitScale, viewModeSaved, type ViewMode } from "./view-mode.ts";

export interface EarlyStroke {
  page: number;
  /** normalized to the page ([0,1] × [0,1]), x, y, x, y … */
  points: number[];
  /** a pen's pressure per point (the mouse has none) */
  pressures?: number[];
  color: string;
  width: number;
  createdAt: number;
}

/** Where the grader is: the page at the top of the view and how far into it (0–1). */
export interface EarlyScroll {
  page: number;
  fraction: number;
}

/** Nobody took the pages over (the app failed, or went elsewhere): they step aside, the strokes stay stored. */
const UNCLAIMED_MS = 20_000;
const storageKey = (userId: string, copyId: string) => `korrigo.desk.early.${userId}.${copyId}`;

interface Active {
  pointerId: number;
  page: number;
  ctx: CanvasRenderingContext2D;
  points: number[];
  pressures: number[];
  pen: boolean;
}

export class EarlyPen {
  readonly root: HTMLElement;
  readonly #pages: HTMLElement[];
  readonly #canvases = new Map<number, HTMLCanvasElement>();
  #active: Active | null = null;
  #idle: (() => void) | null = null;
  readonly #timer: ReturnType<typeof setTimeout>;

  /** `root`: the pages the server put in the page (server/desk/early-pages-markup.ts), fitted to the column's width by the stylesheet. */
  constructor(
    root: HTMLElement,
    readonly copyId: string,
    readonly userId: string,
    view: DeskView,
    readonly pen: boolean,
  ) {
    this.root = root;
    this.#pages = [...root.querySelectorAll<HTMLElement>(".ko-early-page")];
    const mode = viewModeSaved(userId);
    if (mode !== "width") this.#fit(mode, view);
    const fingerDraw = fingerDrawSaved();
    this.#pages.forEach((el, i) => {
      const img = el.querySelector("img");
      if (!img) return;
      if (i === 0) void this.#markShown(img);
      if (pen) el.append(this.#canvas(i, fingerDraw));
    });
    this.#timer = setTimeout(() => this.dismiss(), UNCLAIMED_MS);
  }

  /** The whole page, or two side by side: sized as the desk's fit sizes them (desk-viewport.ts); the width fit is the stylesheet's. */
  #fit(mode: ViewMode, view: DeskView): void {
    const first = view.copy.pages[0];
    if (!first) return;
    this.root.classList.add(mode === "two" ? "two" : "fixed");
    const style = getComputedStyle(this.root);
    const room = {
      width: this.root.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      height: this.root.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
      gap: parseFloat(style.columnGap) || 0,
    };
    const unitsOf = (p: { widthPt: number; heightPt: number }) => (PAGE_UNITS * p.heightPt) / p.widthPt;
    const px = Math.max(0.1, fitScale(mode, room, PAGE_UNITS, unitsOf(first)));
    this.#pages.forEach((el, i) => {
      const p = view.copy.pages[i];
      if (!p) return;
      el.style.width = `${PAGE_UNITS * px}px`;
      el.style.height = `${unitsOf(p) * px}px`;
    });
  }

  /** The first page decoded and in a frame (the benchmark's floor is measured the same way). */
  async #markShown(img: HTMLImageElement): Promise<void> {
    try {
      await img.decode();
    } catch {
      return shownNow();
    }
    performance.mark("korrigo:early-decoded"); // the benchmark's breakdown of a desk's opening
    requestAnimationFrame(() => {
      performance.mark(this.pen ? "korrigo:pen-ready" : "korrigo:pages-shown");
      setTimeout(shownNow, 0); // after that frame is painted
    });
  }

  #canvas(page: number, fingerDraw: boolean): HTMLCanvasElement {
    const canvas = document.createElement("canvas");
    canvas.style.touchAction = fingerDraw ? "none" : "pan-x pan-y";
    canvas.addEventListener("pointerdown", (e) => this.#down(e, page, canvas, fingerDraw));
    canvas.addEventListener("pointermove", (e) => this.#move(e));
    canvas.addEventListener("pointerup", (e) => this.#up(e));
    canvas.addEventListener("pointercancel", (e) => this.#cancel(e, page));
    // a pen's own touch events (Safari's Pencil) must not scroll the page under it, as on the desk
    canvas.addEventListener(
      "touchstart",
      (e) => {
        if (penHoldsPage(e, !!this.#active?.pen)) e.preventDefault();
      },
      { passive: false },
    );
    this.#canvases.set(page, canvas);
    return canvas;
  }

  #down(e: PointerEvent, page: number, canvas: HTMLCanvasElement, fingerDraw: boolean): void {
    if (this.#active || e.button > 0) return;
    if (e.pointerType === "touch" && !fingerDraw) return; // a finger scrolls
    const ctx = this.#context(canvas);
    if (!ctx) return;
    canvas.setPointerCapture(e.pointerId);
    e.preventDefault();
    const pen = e.pointerType === "pen";
    this.#active = { pointerId: e.pointerId, page, ctx, points: [], pressures: [], pen };
    this.#add(e, canvas);
  }

  /** The canvas's bitmap at the page's size on this screen, made at its first stroke. */
  #context(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
    const { width, height } = canvas.getBoundingClientRect();
    const dpr = Math.min(window.devicePixelRatio || 1, 3);
    if (canvas.width !== Math.round(width * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
    }
    const ctx = canvas.getContext("2d");
    if (!ctx) return null;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = DEFAULT_COLOR;
    ctx.lineWidth = WIDTHS.pen * canvas.width;
    return ctx;
  }

  #add(e: PointerEvent, canvas: HTMLCanvasElement): void {
    const a = this.#active!;
    const box = canvas.getBoundingClientRect();
    for (const s of e.getCoalescedEvents?.() ?? [e]) {
      const x = Math.min(1, Math.max(0, (s.clientX - box.left) / box.width));
      const y = Math.min(1, Math.max(0, (s.clientY - box.top) / box.height));
      const n = a.points.length;
      a.ctx.beginPath();
      if (n >= 2) a.ctx.moveTo(a.points[n - 2]! * canvas.width, a.points[n - 1]! * canvas.height);
      else a.ctx.moveTo(x * canvas.width, y * canvas.height);
      a.ctx.lineTo(x * canvas.width, y * canvas.height);
      a.ctx.stroke();
      a.points.push(x, y);
      a.pressures.push(Math.min(1, Math.max(0, s.pressure || 0.5)));
    }
  }

  #move(e: PointerEvent): void {
    if (e.pointerId !== this.#active?.pointerId) return;
    this.#add(e, e.currentTarget as HTMLCanvasElement);
  }

  #up(e: PointerEvent): void {
    const a = this.#active;
    if (e.pointerId !== a?.pointerId) return;
    this.#add(e, e.currentTarget as HTMLCanvasElement);
    this.#active = null;
    if (a.points.length >= 4) {
      const stroke: EarlyStroke = { page: a.page, points: a.points, color: DEFAULT_COLOR, width: WIDTHS.pen, createdAt: Date.now() };
      if (a.pen) stroke.pressures = a.pressures;
      storeEarlyStrokes(this.userId, this.copyId, [...readEarlyStrokes(this.userId, this.copyId), stroke]);
    }
    this.#settle();
  }

  /** The browser took the pointer (a palm, a scroll): that stroke goes, as on the desk; the strokes kept stay drawn. */
  #cancel(e: PointerEvent, page: number): void {
    const a = this.#active;
    if (e.pointerId !== a?.pointerId) return;
    this.#active = null;
    const canvas = this.#canvases.get(page);
    if (canvas) this.#redraw(a.ctx, canvas, page);
    this.#settle();
  }

  /** The page's canvas again with only the strokes kept on this device. */
  #redraw(ctx: CanvasRenderingContext2D, canvas: HTMLCanvasElement, page: number): void {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (const s of readEarlyStrokes(this.userId, this.copyId)) {
      if (s.page !== page) continue;
      ctx.beginPath();
      ctx.moveTo(s.points[0]! * canvas.width, s.points[1]! * canvas.height);
      for (let i = 2; i + 1 < s.points.length; i += 2) ctx.lineTo(s.points[i]! * canvas.width, s.points[i + 1]! * canvas.height);
      ctx.stroke();
    }
  }

  #settle(): void {
    const then = this.#idle;
    this.#idle = null;
    then?.();
  }

  /** Calls `then` once no stroke is being drawn (at once, or at the pen's lift). */
  whenIdle(then: () => void): void {
    if (!this.#active) return then();
    this.#idle = then;
  }

  /** The page at the top of the view and how far into it. */
  scroll(): EarlyScroll {
    const top = this.root.scrollTop;
    let page = 0;
    for (let i = 0; i < this.#pages.length; i++) if (this.#pages[i]!.offsetTop <= top + 1) page = i;
    const el = this.#pages[page];
    const fraction = el ? Math.min(1, Math.max(0, (top - el.offsetTop) / Math.max(1, el.offsetHeight))) : 0;
    return { page, fraction };
  }

  /** Gone (the desk shows the copy now); its strokes stay stored until the desk has committed them. */
  dismiss(): void {
    clearTimeout(this.#timer);
    if (current === this) current = null;
    this.whenIdle(() => this.root.remove()); // a stroke being drawn is finished (and stored) first
  }
}

let current: EarlyPen | null = null;

let shownNow: () => void = () => {};
const shown = new Promise<void>((resolve) => (shownNow = resolve));

/**
 * Resolves once the early pages' first frame is painted (at once when there are none, at the latest
 * after `maxMs`): the app's modules, whose evaluation holds the main thread for a while, start after
 * it, so the copy and the pen are on screen first.
 */
export function earlyPagesShown(maxMs: number): Promise<void> {
  if (!current) return Promise.resolve();
  return Promise.race([shown, new Promise<void>((r) => setTimeout(r, maxMs))]);
}

/** Takes the copy's pages the server put in the page (and gives them a pen when `pen`). */
export function startEarlyPen(copyId: string, userId: string, view: DeskView, pen: boolean): void {
  const root = document.getElementById("ko-early-desk");
  if (current || !root || root.dataset.copy !== copyId) return root?.remove();
  try {
    current = new EarlyPen(root, copyId, userId, view, pen);
  } catch {
    current = null; // the desk shows the copy as before
    root.remove();
  }
}

/** The early pages of this copy, once; any other ones step aside. */
export function takeEarlyPen(copyId: string): EarlyPen | null {
  const e = current;
  if (!e) return null;
  current = null;
  if (e.copyId === copyId) return e;
  e.dismiss();
  return null;
}

/** This page's own copy of what it stored: where localStorage refuses (private mode, full), the desk still gets the strokes. */
const inMemory = new Map<string, EarlyStroke[]>();

export function readEarlyStrokes(userId: string, copyId: string): EarlyStroke[] {
  const key = storageKey(userId, copyId);
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return inMemory.get(key) ?? [];
    const list = JSON.parse(raw) as unknown;
    return Array.isArray(list) ? list.filter(isEarlyStroke) : [];
  } catch {
    return inMemory.get(key) ?? [];
  }
}

export function storeEarlyStrokes(userId: string, copyId: string, strokes: readonly EarlyStroke[]): void {
  const key = storageKey(userId, copyId);
  if (strokes.length === 0) inMemory.delete(key);
  else inMemory.set(key, [...strokes]);
  try {
    if (strokes.length === 0) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(strokes));
  } catch {
    // private mode or full: kept in this page's memory only
  }
}

const unit = (v: unknown) => typeof v === "number" && v >= 0 && v <= 1;

/** What this page stored itself, checked again (localStorage is the user's to edit). */
function isEarlyStroke(v: unknown): v is EarlyStroke {
  const s = v as EarlyStroke;
  return (
    !!s &&
    Number.isInteger(s.page) &&
    s.page >= 0 &&
    Array.isArray(s.points) &&
    s.points.length >= 4 &&
    s.points.length % 2 === 0 &&
    s.points.every(unit) &&
    (s.pressures === undefined || (Array.isArray(s.pressures) && s.pressures.length === s.points.length / 2 && s.pressures.every(unit))) &&
    typeof s.color === "string" &&
    /^#[0-9a-fA-F]{6}$/.test(s.color) &&
    s.width === WIDTHS.pen &&
    typeof s.createdAt === "number"
  );
}
