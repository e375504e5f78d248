import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { cssom } from '../../styles/cssom.ts';
import type * as Y from 'yjs';
import type { Region } from '../../api/regions.ts';
import type { LayerContext } from '../../desk/annotation-layer.ts';
import { frameOf, PAGE_UNITS, type PageFrame } from '../../desk/geometry.ts';
import { pageSizePt, type PDFDocumentProxy } from '../../desk/pdf-document.ts';
import { LocaleController, t } from '../../i18n/i18n.ts';
import { base } from '../../styles/shared.ts';
import './ko-page-view.ts';

/** The most a region is enlarged (a tiny box must not blow a page up to a huge bitmap). */
const MAX_PX_PER_UNIT = 3;

/**
 * A question's region(s) on one copy, zoomed to the width: each region is its page (a ko-page-view:
 * the scan and the copy's annotation layer, so what is drawn here is a normal annotation of the
 * copy) shown through a window cut to the box. Says `ko-region-drawn` once every region is drawn.
 */
@customElement('ko-region-view')
export class KoRegionView extends LitElement {
  static override styles = [
    base,
    css`
      :host { display: block; }
      .window { position: relative; overflow: hidden; margin: 0 auto var(--ko-space-3); box-shadow: 0 1px 3px rgb(16 24 40 / 0.25); background: #fff; }
      .window ko-page-view { position: absolute; left: 0; top: 0; }
      .caption { font-size: var(--ko-text-sm); color: var(--ko-color-text-muted); margin: 0 0 var(--ko-space-1); }
    `,
  ];

  @property({ attribute: false }) pdf: PDFDocumentProxy | null = null;
  @property({ attribute: false }) regions: Region[] = [];
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) context: LayerContext | null = null;
  /** the copy shown (set with pdf and doc): the drawn signal names it */
  @property() copyId = '';
  @state() private frames = new Map<number, PageFrame>();
  @state() private width = 0;

  private readonly locale = new LocaleController(this);
  private readonly resize = new ResizeObserver(([e]) => {
    const w = Math.floor(e?.contentRect.width ?? 0);
    if (w > 0 && Math.abs(w - this.width) > 4) this.width = w;
  });
  private drawn = new Set<number>();
  private framesOf: PDFDocumentProxy | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('pdf') || changed.has('regions') || changed.has('copyId')) this.drawn = new Set();
    if (changed.has('pdf') && this.pdf && this.pdf !== this.framesOf) void this.loadFrames(this.pdf);
  }

  private async loadFrames(pdf: PDFDocumentProxy): Promise<void> {
    this.framesOf = pdf;
    const pages = [...new Set(this.regions.map((r) => r.page))].filter((p) => p <= pdf.numPages);
    const entries = await Promise.all(pages.map(async (p) => [p, (({ widthPt, heightPt }) => frameOf(widthPt, heightPt))(pageSizePt(await pdf.getPage(p)))] as const));
    if (this.pdf === pdf) this.frames = new Map(entries);
  }

  override render() {
    const width = this.width || 800;
    return html`${this.regions.map((r, i) => {
      const frame = this.frames.get(r.page);
      if (!this.pdf || !frame) return html`<p class="caption" role="status">${t('app.loading')}</p>`;
      const px = Math.min(MAX_PX_PER_UNIT, width / (PAGE_UNITS * r.box.w));
      const pageW = PAGE_UNITS * px;
      const pageH = frame.unitsH * px;
      const winW = Math.round(r.box.w * pageW);
      const winH = Math.round(r.box.h * pageH);
      return html`<p class="caption">${t('byq.regionCaption', { page: r.page, n: i + 1, count: this.regions.length })}</p>
        <div class="window" ${cssom({ width: `${winW}px`, height: `${winH}px` })} data-region=${i}>
          <ko-page-view ${cssom({ transform: `translate(${-r.box.x * pageW}px, ${-r.box.y * pageH}px)` })} data-index=${r.page - 1} .index=${r.page - 1}
            .pdf=${this.pdf} .frame=${frame} .pxPerUnit=${px} .rotation=${0} ?active=${true} .doc=${this.doc} .context=${this.context}
            @ko-page-drawn=${() => this.onDrawn(i)}></ko-page-view>
        </div>`;
    })}`;
  }

  private onDrawn(i: number): void {
    this.drawn.add(i);
    if (this.drawn.size < this.regions.length) return;
    performance.mark(`korrigo:region-drawn:${this.copyId}`);
    this.dataset.drawn = this.copyId;
    this.dispatchEvent(new CustomEvent('ko-region-drawn', { detail: { copyId: this.copyId }, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ko-region-view': KoRegionView;
  }
}
