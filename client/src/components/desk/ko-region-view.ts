import { LitElement, css, html } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { cssom } from "../../styles/cssom.ts";
import type * as Y from "yjs";
import type { Region } from "../../api/regions.ts";
import type { LayerContext } from "../../desk/annotation-layer.ts";
import { frameOf, PAGE_UNITS, type PageFrame } from "../../desk/geometry.ts";
import type { PDFDocumentProxy } from "../../desk/pdf-document.ts";
import type { RegionCrop, RegionSource } from "../../desk/region-prefetch.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";
import "./ko-page-view.ts";

/** The most a region is enlarged (a tiny box must not blow a page up to a huge bitmap). */
const MAX_PX_PER_UNIT = 3;

/**
 * A question's region(s) on one copy, zoomed to the width. Each region is a window cut to the box:
 * the scan is its page image cropped (`source.crops`, cut ahead for the next copy), painted on a
 * canvas of the window's size; over it the page's annotation layer (a ko-page-view in ink-only mode,
 * so what is drawn here is a normal annotation of the copy). A region whose page has no image is
 * drawn whole by pdf.js (`pdf`, loaded by the caller only then). Says `ko-region-drawn` once every
 * region is painted.
 */
@customElement("ko-region-view")
export class KoRegionView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .window { position: relative; overflow: hidden; margin: 0 auto var(--ko-space-3); box-shadow: 0 1px 3px rgb(16 24 40 / 0.25); background: #fff; }
      .window canvas.scan { position: absolute; inset: 0; width: 100%; height: 100%; }
      .window ko-page-view { position: absolute; left: 0; top: 0; }
      .caption { font-size: var(--ko-text-sm); color: var(--ko-color-text-muted); margin: 0 0 var(--ko-space-1); }
    `,
  ];

  @property({ attribute: false }) source: RegionSource | null = null;
  @property({ attribute: false }) pdf: PDFDocumentProxy | null = null;
  @property({ attribute: false }) regions: Region[] = [];
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) context: LayerContext | null = null;
  /** the copy shown: the drawn signal names it */
  @property() copyId = "";
  /** the source's crops once cut (null: not yet) */
  @state() private crops: RegionCrop[] | null = null;
  @state() private width = 0;

  private readonly locale = new LocaleController(this);
  private readonly resize = new ResizeObserver(([e]) => {
    const w = Math.floor(e?.contentRect.width ?? 0);
    if (w > 0 && Math.abs(w - this.width) > 4) this.width = w;
  });
  private drawn = new Set<number>();
  private paintedKey = "";

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("source")) {
      this.crops = null;
      const source = this.source;
      void source?.crops.then((crops) => {
        if (this.source === source) this.crops = crops;
      });
    }
    if (changed.has("source") || changed.has("pdf") || changed.has("regions") || changed.has("copyId")) {
      this.drawn = new Set();
      this.paintedKey = "";
      delete this.dataset.drawn;
    }
  }

  private frameOf(r: Region): PageFrame | null {
    const p = this.source?.pages.find((x) => x.page === r.page);
    return p ? frameOf(p.widthPt, p.heightPt) : null;
  }

  override render() {
    const width = this.width || 800;
    return html`${this.regions.map((r, i) => {
      const frame = this.frameOf(r);
      const crop = this.crops?.[i];
      const byPdf = crop === null;
      if (!frame)
        return html`<p class="caption" role="status">${this.source && this.source.copyId === this.copyId ? t("byq.noPage", { page: r.page }) : t("app.loading")}</p>`;
      if (!this.crops || (byPdf && !this.pdf)) return html`<p class="caption" role="status">${t("app.loading")}</p>`;
      const px = Math.min(MAX_PX_PER_UNIT, width / (PAGE_UNITS * r.box.w));
      const pageW = PAGE_UNITS * px;
      const pageH = frame.unitsH * px;
      const winW = Math.round(r.box.w * pageW);
      const winH = Math.round(r.box.h * pageH);
      return html`<p class="caption">${t("byq.regionCaption", { page: r.page, n: i + 1, count: this.regions.length })}</p>
        <div class="window" ${cssom({ width: `${winW}px`, height: `${winH}px` })} data-region=${i}>
          ${byPdf ? null : html`<canvas class="scan" aria-hidden="true" data-scan=${i}></canvas>`}
          <ko-page-view ${cssom({ transform: `translate(${-r.box.x * pageW}px, ${-r.box.y * pageH}px)` })} data-index=${r.page - 1} .index=${r.page - 1}
            .inkOnly=${!byPdf} .pdf=${byPdf ? this.pdf : null} .frame=${frame} .pxPerUnit=${px} .rotation=${0} ?active=${true} .doc=${this.doc} .context=${this.context}
            @ko-page-drawn=${() => byPdf && this.onDrawn(i)}></ko-page-view>
        </div>`;
    })}`;
  }

  override updated(): void {
    const crops = this.crops;
    if (!crops) return;
    const key = `${this.copyId}|${this.width}`;
    if (key === this.paintedKey) return;
    let painted = false;
    this.renderRoot.querySelectorAll<HTMLCanvasElement>("canvas.scan").forEach((canvas) => {
      const i = Number(canvas.dataset.scan);
      const crop = crops[i];
      const win = canvas.parentElement;
      if (!crop || !win) return;
      paintCrop(canvas, crop, parseFloat(win.style.width), parseFloat(win.style.height));
      painted = true;
      this.onDrawn(i);
    });
    if (painted) this.paintedKey = key;
  }

  private onDrawn(i: number): void {
    this.drawn.add(i);
    if (this.drawn.size < this.regions.length || this.dataset.drawn === this.copyId) return;
    performance.mark(`korrigo:region-drawn:${this.copyId}`);
    this.dataset.drawn = this.copyId;
    this.dispatchEvent(new CustomEvent("ko-region-drawn", { detail: { copyId: this.copyId }, bubbles: true, composed: true }));
  }
}

/** The crop over the whole canvas, sharp on dense screens. */
function paintCrop(canvas: HTMLCanvasElement, crop: ImageBitmap, cssW: number, cssH: number): void {
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  canvas.width = Math.max(1, Math.round(cssW * dpr));
  canvas.height = Math.max(1, Math.round(cssH * dpr));
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  ctx.imageSmoothingQuality = "high";
  ctx.drawImage(crop, 0, 0, canvas.width, canvas.height);
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-region-view": KoRegionView;
  }
}
