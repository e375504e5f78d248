import type { ReactiveController, ReactiveControllerHost } from "lit";
import { nextRotation, PAGE_UNITS, type PageFrame, type Rotation } from "../../desk/geometry.ts";
import { fitScale, type ViewMode } from "../../desk/view-mode.ts";

const ZOOMS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 3];

export interface ViewportHost extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
}

/**
 * How the desk shows its pages: fit width, zoom steps, view rotation, the current page (for the
 * toolbar and presence), and which pages are near the viewport (only those get a pdf canvas and a
 * fabric layer).
 */
export class DeskViewport implements ReactiveController {
  zoom = 1;
  /** fit width, whole page, two pages side by side (then zoom multiplies it) */
  mode: ViewMode = "width";
  rotation: Rotation = 0;
  page = 0;
  active = new Set<number>();
  #fitPx = 0.6;
  /** bumped by every zoom or layout change: a scroll waiting for the pages' new size applies only if it is still the latest */
  #viewChange = 0;
  #observer: IntersectionObserver | null = null;
  #resizer: ResizeObserver | null = null;

  constructor(
    private readonly host: ViewportHost,
    private readonly frames: () => PageFrame[],
    private readonly onPage: (page: number) => void,
  ) {
    host.addController(this);
  }

  /** CSS pixels per page unit. */
  get pxPerUnit(): number {
    return this.#fitPx * this.zoom;
  }

  private get scroller(): HTMLElement | null {
    return this.host.renderRoot.querySelector<HTMLElement>(".pages");
  }

  hostUpdated(): void {
    const scroller = this.scroller;
    if (!scroller) return;
    if (!this.#resizer) {
      this.#resizer = new ResizeObserver(() => this.fit());
      this.#resizer.observe(scroller);
    }
    this.#observer ??= new IntersectionObserver((entries) => this.#onIntersect(entries), { root: scroller, rootMargin: "50% 0px" });
    for (const el of this.host.renderRoot.querySelectorAll<HTMLElement>("ko-page-view:not([data-observed])")) {
      el.dataset.observed = "";
      this.#observer.observe(el);
    }
  }

  hostDisconnected(): void {
    this.reset();
  }

  /** A new copy: forget the pages of the previous one. */
  reset(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#resizer?.disconnect();
    this.#resizer = null;
    for (const el of this.host.renderRoot.querySelectorAll<HTMLElement>("ko-page-view[data-observed]")) delete el.dataset.observed;
    this.page = 0;
    this.active = new Set();
  }

  /**
   * The first page (turned or not) fitted to the scroller as the mode says: its width, whole, or two
   * side by side. `first`: that page's frame before the pages are rendered (a desk opening a copy
   * fits first, so its pages are laid out once, at their size).
   */
  fit(first?: PageFrame): void {
    const frame = first ?? this.frames()[0];
    const scroller = this.scroller;
    if (!scroller || !frame) return;
    const style = getComputedStyle(scroller);
    const room = {
      width: scroller.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
      height: scroller.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom),
      gap: parseFloat(style.columnGap) || 0,
    };
    const turned = this.rotation === 90 || this.rotation === 270;
    const px = Math.max(0.1, fitScale(this.mode, room, turned ? frame.unitsH : PAGE_UNITS, turned ? PAGE_UNITS : frame.unitsH));
    if (Math.abs(px - this.#fitPx) <= 0.001) return;
    this.#fitPx = px;
    this.host.requestUpdate();
  }

  zoomStep(step: 1 | -1): void {
    this.#viewChange++;
    const i = ZOOMS.findIndex((z) => z >= this.zoom - 1e-6);
    this.zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? ZOOMS.length - 1 : i) + step))]!;
    this.host.requestUpdate();
  }

  /**
   * A zoom factor between the first and last steps (a pinch), keeping the content under `anchor`
   * (client coordinates) where it is.
   */
  setZoom(zoom: number, anchor?: { x: number; y: number }): void {
    const next = Math.max(ZOOMS[0]!, Math.min(ZOOMS[ZOOMS.length - 1]!, zoom));
    const scroller = this.scroller;
    if (Math.abs(next - this.zoom) < 1e-3 || !scroller) return;
    const box = scroller.getBoundingClientRect();
    const ax = (anchor?.x ?? box.left + box.width / 2) - box.left;
    const ay = (anchor?.y ?? box.top + box.height / 2) - box.top;
    const ratio = next / this.zoom;
    const left = (scroller.scrollLeft + ax) * ratio - ax;
    const top = (scroller.scrollTop + ay) * ratio - ay;
    this.zoom = next;
    this.host.requestUpdate();
    // after the pages took their new size — unless the view changed again meanwhile (a fit pressed
    // right after a pinch): a scroll computed for this zoom would then undo the newer one
    const change = ++this.#viewChange;
    void this.host.updateComplete.then(() =>
      requestAnimationFrame(() => {
        if (change === this.#viewChange) scroller.scrollTo({ left, top });
      }),
    );
  }

  fitWidth(): void {
    this.setMode("width");
  }

  /** A layout at 100 % of its fit. */
  setMode(mode: ViewMode): void {
    this.#viewChange++;
    this.mode = mode;
    this.zoom = 1;
    this.host.requestUpdate();
    // the pages' grid changes with the mode (two columns): fit once it is laid out
    void this.host.updateComplete.then(() => this.fit());
  }

  /** Where the view stands in the pages, as fractions of their scroll extent (carried to the next copy). */
  get position(): { top: number; left: number } {
    const s = this.scroller;
    if (!s) return { top: 0, left: 0 };
    return { top: s.scrollHeight > 0 ? s.scrollTop / s.scrollHeight : 0, left: s.scrollWidth > 0 ? s.scrollLeft / s.scrollWidth : 0 };
  }

  /** Scrolls so that `fraction` (0–1) of page `index` is at the top of the view (where the early pages were, early-pen.ts). */
  showPageAt(index: number, fraction: number): void {
    const s = this.scroller;
    const el = this.host.renderRoot.querySelector<HTMLElement>(`ko-page-view[data-index="${index}"]`);
    if (!s || !el) return;
    this.#viewChange++;
    const box = el.getBoundingClientRect();
    const top = s.scrollTop + box.top - s.getBoundingClientRect().top - parseFloat(getComputedStyle(s).paddingTop) + fraction * box.height;
    s.scrollTo({ top });
    this.onScroll();
  }

  restorePosition(p: { top: number; left: number }): void {
    const s = this.scroller;
    if (!s) return;
    this.#viewChange++;
    s.scrollTo({ top: p.top * s.scrollHeight, left: p.left * s.scrollWidth });
    this.onScroll();
  }

  rotate(): void {
    this.#viewChange++;
    this.rotation = nextRotation(this.rotation);
    this.fit();
    this.host.requestUpdate();
  }

  /**
   * The current page is the last one whose top is above a third of the view (the last page once
   * scrolled to the end). Positions are read against the scroller itself: offsetTop counts from an
   * ancestor, so the toolbars above the pages used to pull the label back to the previous page.
   */
  onScroll = (): void => {
    const scroller = this.scroller;
    if (!scroller) return;
    const views = [...this.host.renderRoot.querySelectorAll<HTMLElement>("ko-page-view")];
    const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
    if (atEnd && views.length > 0 && scroller.scrollTop > 0) return this.#setPage(views.length - 1);
    const mid = scroller.getBoundingClientRect().top + scroller.clientHeight / 3;
    let current = 0;
    for (const [i, el] of views.entries()) if (el.getBoundingClientRect().top <= mid) current = i;
    this.#setPage(current);
  };

  scrollToPage(index: number): void {
    const scroller = this.scroller;
    const target = Math.max(0, Math.min(this.frames().length - 1, index));
    const el = this.host.renderRoot.querySelector<HTMLElement>(`ko-page-view[data-index="${target}"]`);
    if (!scroller || !el) return;
    this.#viewChange++;
    const top = scroller.scrollTop + el.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8;
    scroller.scrollTo({ top });
    this.#setPage(target);
  }

  /** Brings a point of a page (normalized height `ny`) into view, a third down the view, unless it is in view already. */
  reveal(index: number, ny: number): void {
    const scroller = this.scroller;
    const el = this.host.renderRoot.querySelector<HTMLElement>(`ko-page-view[data-index="${index}"]`);
    if (!scroller || !el) return;
    const box = scroller.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const y = r.top + ny * r.height;
    if (y >= box.top + 16 && y <= box.bottom - 48) return;
    scroller.scrollTo({ top: scroller.scrollTop + y - box.top - scroller.clientHeight / 3 });
  }

  #setPage(page: number): void {
    if (page === this.page) return;
    this.page = page;
    this.onPage(page);
    this.host.requestUpdate();
  }

  #onIntersect(entries: IntersectionObserverEntry[]): void {
    const next = new Set(this.active);
    for (const e of entries) {
      const i = Number((e.target as HTMLElement).dataset.index);
      if (e.isIntersecting) next.add(i);
      else next.delete(i);
    }
    this.active = next;
    this.host.requestUpdate();
  }
}
