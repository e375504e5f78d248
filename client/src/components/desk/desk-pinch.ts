import type { ReactiveController, ReactiveControllerHost } from "lit";
import { isStylusTouch } from "../../desk/touch-input.ts";

export interface PinchHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * Two fingers on the pages zoom the page, not the interface: the desk forbids the browser's own
 * pinch (touch-action: pan-x pan-y) and turns the fingers' spread into the desk's zoom factor,
 * anchored between the fingers. One finger is left to the browser: it scrolls, with its inertia.
 */
export class DeskPinch implements ReactiveController {
  #el: HTMLElement | null = null;
  #start: { distance: number; zoom: number } | null = null;
  #frame = 0;
  #pending: { zoom: number; x: number; y: number } | null = null;

  constructor(
    private readonly host: PinchHost,
    private readonly zoom: () => number,
    private readonly setZoom: (zoom: number, anchor?: { x: number; y: number }) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // on the window: Chromium sends a Ctrl+wheel to the page only where a blocking wheel listener
    // covers the point, and a shadow root's listener does not count as covering its host's area
    window.addEventListener("wheel", this.#onWheel, { passive: false });
  }

  hostUpdated(): void {
    const el = this.host.renderRoot.querySelector<HTMLElement>(".pages");
    if (el === this.#el) return;
    this.#detach();
    this.#el = el;
    if (!el) return;
    el.addEventListener("touchstart", this.#onTouch, { passive: false });
    el.addEventListener("touchmove", this.#onTouch, { passive: false });
    el.addEventListener("touchend", this.#onTouch);
    el.addEventListener("touchcancel", this.#onTouch);
  }

  hostDisconnected(): void {
    window.removeEventListener("wheel", this.#onWheel);
    this.#detach();
  }

  /**
   * Ctrl+wheel, which is also how a trackpad's pinch arrives: anywhere on the desk it zooms the
   * page under the pointer, never the browser's zoom of the whole interface.
   */
  #onWheel = (e: WheelEvent): void => {
    if (!e.ctrlKey || !e.composedPath().includes((this.host.renderRoot as ShadowRoot).host ?? this.host.renderRoot)) return;
    e.preventDefault();
    const step = e.deltaMode === 1 ? e.deltaY * 20 : e.deltaY; // lines → pixels
    const base = this.#pending?.zoom ?? this.zoom();
    const inPages = this.#el?.contains(e.composedPath()[0] as Node) ?? false;
    const at = inPages ? { x: e.clientX, y: e.clientY } : undefined;
    this.#pending = { zoom: base * Math.exp(-Math.max(-100, Math.min(100, step)) / 200), x: at?.x ?? NaN, y: at?.y ?? NaN };
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const p = this.#pending;
      this.#pending = null;
      if (p) this.setZoom(p.zoom, Number.isNaN(p.x) ? undefined : p);
    });
  };

  #detach(): void {
    const el = this.#el;
    if (!el) return;
    el.removeEventListener("touchstart", this.#onTouch);
    el.removeEventListener("touchmove", this.#onTouch);
    el.removeEventListener("touchend", this.#onTouch);
    el.removeEventListener("touchcancel", this.#onTouch);
    this.#el = null;
  }

  #onTouch = (e: TouchEvent): void => {
    const fingers = [...e.touches].filter((t) => !isStylusTouch(t));
    if (fingers.length !== 2) {
      this.#start = null;
      return;
    }
    const [a, b] = fingers as [Touch, Touch];
    const distance = Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
    if (e.cancelable) e.preventDefault();
    if (!this.#start || e.type === "touchstart") {
      this.#start = { distance: Math.max(distance, 1), zoom: this.zoom() };
      return;
    }
    this.#pending = { zoom: (this.#start.zoom * distance) / this.#start.distance, x: (a.clientX + b.clientX) / 2, y: (a.clientY + b.clientY) / 2 };
    // one zoom per frame: each one resizes every near page
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      const p = this.#pending;
      this.#pending = null;
      if (p) this.setZoom(p.zoom, p);
    });
  };
}
