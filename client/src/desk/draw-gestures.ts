// Pointer gestures of the drawing tools on one page: pen and highlighter (pointer events with
// coalesced samples and stylus pressure), click-to-place tick, cross, question mark, text and bank comment,
// drag-to-draw box, and the eraser. The pen and the mouse write; a finger writes only with "draw
// with finger" on (otherwise it scrolls, see the layer's touch-action), never while the pen is down
// (a palm), and a second finger turns a finger's stroke into a pinch.
import type { Canvas, FabricObject } from "fabric";
import { boxObject, StrokeObject, textObject } from "./fabric-objects.ts";
import { boxAround, normalizedBox, PAGE_UNITS, simplifyStroke, toNormalized, type PageFrame } from "./geometry.ts";
import { penHoldsPage } from "./touch-input.ts";
import { GLYPH_SIZE, MARK_HEIGHT_UNITS, MARK_WIDTH, TEXT_FONT, TEXT_WIDTH, WIDTHS, type ActiveTool } from "./tools.ts";

/** What a gesture produces: an annotation without id, page, author and date. */
export type Draft =
  | { kind: "pen" | "highlight"; points: number[]; pressures?: number[]; color: string; width: number }
  | { kind: "tick" | "cross" | "box"; box: { x: number; y: number; w: number; h: number }; color: string; width: number }
  | { kind: "text"; box: { x: number; y: number; w: number; h: number }; text: string; color: string; width: number }
  | { kind: "mark"; box: { x: number; y: number; w: number; h: number }; questionId: string; color: string; width: number };

export interface GestureHost {
  readonly canvas: Canvas;
  readonly frame: PageFrame;
  readonly tool: ActiveTool;
  readonly color: string;
  readonly bankText: string | null;
  readonly editable: boolean;
  /** a finger writes (the grader's "draw with finger" setting) */
  readonly fingerDraw: boolean;
  /** CSS pixels per page unit (for the eraser's reach) */
  readonly pxPerUnit: number;
  /** accessible name of the field a text note is typed in */
  readonly textLabel: string;
  commit(draft: Draft): void;
  /** the question a click with the mark tool places, or null when there is none */
  markTarget(): string | null;
  eraseAt(nx: number, ny: number, toleranceUnits: number): void;
}

export class DrawGestures {
  #pointerId: number | null = null;
  #live: FabricObject | null = null;
  #points: number[] = [];
  #pressures: number[] = [];
  #usePressure = false;
  #start: [number, number] = [0, 0];
  #textEditing = false;
  #penDown = false;

  constructor(private readonly host: GestureHost) {
    const el = host.canvas.upperCanvasEl;
    el.addEventListener("touchstart", this.#touchStart, { passive: false });
    el.addEventListener("pointerdown", this.#down);
    el.addEventListener("pointermove", this.#move);
    el.addEventListener("pointerup", this.#up);
    el.addEventListener("pointercancel", this.#cancel);
  }

  destroy(): void {
    const el = this.host.canvas.upperCanvasEl;
    el.removeEventListener("touchstart", this.#touchStart);
    el.removeEventListener("pointerdown", this.#down);
    el.removeEventListener("pointermove", this.#move);
    el.removeEventListener("pointerup", this.#up);
    el.removeEventListener("pointercancel", this.#cancel);
  }

  #scene(e: PointerEvent): [number, number] {
    const p = this.host.canvas.getScenePoint(e);
    return [p.x, p.y];
  }

  /** Where a pen also makes touch events (Safari's Pencil, some Android styluses), the page must not scroll under it. */
  #touchStart = (e: TouchEvent): void => {
    if (penHoldsPage(e, this.#penDown)) e.preventDefault();
  };

  #down = (e: PointerEvent): void => {
    const { tool, editable } = this.host;
    if (e.pointerType === "pen") this.#penDown = true;
    if (!editable || tool === "select" || this.#textEditing || e.button > 0) return;
    if (e.pointerType === "touch") {
      if (!this.host.fingerDraw || this.#penDown) return; // a finger meant to scroll, or a palm
      if (this.#pointerId !== null) return this.#abort(); // a second finger: a pinch, not a stroke
    }
    if (this.#pointerId !== null) return;
    this.#pointerId = e.pointerId;
    (e.currentTarget as Element).setPointerCapture(e.pointerId);
    e.preventDefault();
    const [x, y] = this.#scene(e);
    this.#start = [x, y];
    if (tool === "pen" || tool === "highlight") {
      this.#usePressure = tool === "pen" && e.pointerType === "pen";
      this.#points = [x, y];
      this.#pressures = [e.pressure || 0.5];
      const width = WIDTHS[tool] * PAGE_UNITS;
      this.#live = new StrokeObject(this.#points.slice(), [], width, this.host.color, tool === "highlight");
      this.#live.set({ selectable: false, evented: false });
      this.host.canvas.add(this.#live);
    } else if (tool === "box") {
      this.#live = boxObject({ left: x, top: y, width: 0, height: 0 }, this.host.color, WIDTHS.box * PAGE_UNITS);
      this.#live.set({ selectable: false, evented: false });
      this.host.canvas.add(this.#live);
    } else if (tool === "eraser") {
      this.#erase(x, y);
    }
  };

  #move = (e: PointerEvent): void => {
    if (e.pointerId !== this.#pointerId) return;
    const { tool } = this.host;
    if ((tool === "pen" || tool === "highlight") && this.#live instanceof StrokeObject) {
      for (const sample of e.getCoalescedEvents?.() ?? [e]) {
        const [x, y] = this.#scene(sample);
        this.#points.push(x, y);
        this.#pressures.push(sample.pressure || 0.5);
      }
      this.#live.setPoints(this.#points.slice(), this.#usePressure ? this.#pressures.slice() : [], this.#live.strokeUnits);
      this.host.canvas.requestRenderAll();
    } else if (tool === "box" && this.#live) {
      const [x, y] = this.#scene(e);
      const [sx, sy] = this.#start;
      this.#live.set({ left: Math.min(x, sx), top: Math.min(y, sy), width: Math.abs(x - sx), height: Math.abs(y - sy) });
      this.host.canvas.requestRenderAll();
    } else if (tool === "eraser") {
      this.#erase(...this.#scene(e));
    }
  };

  #up = (e: PointerEvent): void => {
    if (e.pointerType === "pen") this.#penDown = false;
    if (e.pointerId !== this.#pointerId) return;
    this.#pointerId = null;
    const [x, y] = this.#scene(e);
    const live = this.#live;
    this.#live = null;
    if (live) this.host.canvas.remove(live);
    this.#finish(x, y);
  };

  #cancel = (e: PointerEvent): void => {
    if (e.pointerType === "pen") this.#penDown = false;
    if (e.pointerId === this.#pointerId) this.#abort();
  };

  #abort(): void {
    this.#pointerId = null;
    if (this.#live) this.host.canvas.remove(this.#live);
    this.#live = null;
    this.host.canvas.requestRenderAll();
  }

  #finish(x: number, y: number): void {
    const { tool, color, frame } = this.host;
    if (tool === "pen" || tool === "highlight") {
      this.#points.push(x, y);
      this.#pressures.push(this.#pressures[this.#pressures.length - 1] ?? 0.5);
      const { points, pressures } = simplifyStroke(this.#points, this.#pressures, 0.6);
      const normalized: number[] = [];
      for (let i = 0; i + 1 < points.length; i += 2) normalized.push(...toNormalized(frame, points[i]!, points[i + 1]!));
      const draft: Draft = { kind: tool, points: normalized, color, width: WIDTHS[tool] };
      if (this.#usePressure) draft.pressures = pressures.map((p) => Math.min(1, Math.max(0, p)));
      this.host.commit(draft);
    } else if (tool === "tick" || tool === "cross") {
      const [nx, ny] = toNormalized(frame, x, y);
      this.host.commit({ kind: tool, box: boxAround(frame, nx, ny, GLYPH_SIZE), color, width: WIDTHS.glyph });
    } else if (tool === "mark") {
      const questionId = this.host.markTarget();
      if (!questionId) return;
      const w = MARK_WIDTH * PAGE_UNITS; // the click is the middle of the mark's left edge: it reads on from there
      const box = normalizedBox(frame, x, y - MARK_HEIGHT_UNITS / 2, w, MARK_HEIGHT_UNITS);
      this.host.commit({ kind: "mark", box, questionId, color, width: WIDTHS.mark });
    } else if (tool === "box") {
      const [sx, sy] = this.#start;
      if (Math.abs(x - sx) < 4 || Math.abs(y - sy) < 4) return; // a click, not a box
      const box = normalizedBox(frame, Math.min(x, sx), Math.min(y, sy), Math.abs(x - sx), Math.abs(y - sy));
      this.host.commit({ kind: "box", box, color, width: WIDTHS.box });
    } else if (tool === "bank" && this.host.bankText) {
      this.placeText(x, y, this.host.bankText, false);
    } else if (tool === "text") {
      this.placeText(x, y, "", true);
    }
  }

  /** A text box at the click; typed in place (text tool) or committed at once (bank comment). */
  placeText(x: number, y: number, text: string, edit: boolean): void {
    const { canvas, frame, color } = this.host;
    const width = Math.min(TEXT_WIDTH * PAGE_UNITS, PAGE_UNITS - x);
    const box = textObject(text, { left: x, top: y, width }, color, TEXT_FONT * PAGE_UNITS);
    const commit = () => {
      const value = box.text.trim();
      canvas.remove(box);
      if (!value) return;
      this.host.commit({ kind: "text", text: value, box: normalizedBox(frame, box.left, box.top, box.width, box.height), color, width: WIDTHS.text });
    };
    if (!edit) {
      box.initDimensions();
      commit();
      return;
    }
    canvas.add(box);
    this.#textEditing = true;
    box.on("editing:exited", () => {
      this.#textEditing = false;
      commit();
    });
    canvas.setActiveObject(box);
    box.enterEditing();
    box.hiddenTextarea?.setAttribute("aria-label", this.host.textLabel);
  }

  /** Ends a text note being typed (e.g. the tool changed). */
  finishText(): void {
    const active = this.host.canvas.getActiveObject();
    if (this.#textEditing && active && "exitEditing" in active) (active as unknown as { exitEditing(): void }).exitEditing();
  }

  #erase(x: number, y: number): void {
    const [nx, ny] = toNormalized(this.host.frame, x, y);
    this.host.eraseAt(nx, ny, 8 / this.host.pxPerUnit);
  }
}
