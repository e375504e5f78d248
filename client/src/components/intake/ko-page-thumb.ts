import { LitElement, css, html } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { t } from "../../i18n/i18n.ts";
import { drawPage } from "./intake-pdf.ts";

/** One page of a copy: its page image (server-made WebP thumbnail) or, without one, its PDF drawn with pdf.js; once it scrolls into view. */
@customElement("ko-page-thumb")
export class KoPageThumb extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      width: var(--thumb-width, 7.5rem);
      aspect-ratio: var(--thumb-ratio, 0.707);
      background: #fff;
      border: 1px solid var(--ko-color-border);
      border-radius: var(--ko-radius-sm);
      overflow: hidden;
    }
    :host([header]) {
      aspect-ratio: auto;
      width: 100%;
    }
    canvas {
      display: block;
      width: 100%;
      height: auto;
    }
    .state {
      position: absolute;
      inset: 0;
      display: grid;
      place-items: center;
      font-size: var(--ko-text-xs);
      color: var(--ko-color-text-muted);
    }
  `;

  @property() url = "";
  /** the page's image URL (/api/pages/:id/images/…): drawn instead of the PDF when it loads */
  @property() image = "";
  @property({ type: Number }) index = 0;
  @property() label = "";
  /** the top part of the page only (0..1]: the identification header */
  @property({ type: Number }) top = 1;
  @property({ type: Boolean, reflect: true }) header = false;
  @state() private status: "idle" | "drawn" | "failed" = "idle";
  @query("canvas") private canvas!: HTMLCanvasElement;

  private observer: IntersectionObserver | null = null;
  private visible = false;
  private drawn = "";
  private chain: Promise<void> = Promise.resolve();

  override connectedCallback(): void {
    super.connectedCallback();
    this.observer = new IntersectionObserver(
      (entries) => {
        this.visible = entries.some((e) => e.isIntersecting);
        if (this.visible) void this.draw();
      },
      { rootMargin: "200px" },
    );
    this.observer.observe(this);
  }

  override disconnectedCallback(): void {
    this.observer?.disconnect();
    this.observer = null;
    super.disconnectedCallback();
  }

  override updated(changed: Map<string, unknown>): void {
    if ((changed.has("url") || changed.has("image") || changed.has("index") || changed.has("top")) && this.visible) void this.draw();
  }

  override render() {
    return html`<canvas role="img" aria-label=${this.label}></canvas>
      ${this.status === "drawn" ? "" : html`<span class="state">${this.status === "failed" ? t("intake.pdf.failed") : t("app.loading")}</span>`}`;
  }

  private draw(): Promise<void> {
    // one render at a time on a canvas (pdf.js refuses two)
    this.chain = this.chain.then(() => this.drawNow());
    return this.chain;
  }

  private drawImage(): Promise<boolean> {
    return drawImageOn(this);
  }

  private async drawNow(): Promise<void> {
    const key = `${this.image}|${this.url}#${this.index}@${this.top}`;
    if ((!this.url && !this.image) || key === this.drawn || !this.isConnected) return;
    this.drawn = key;
    this.status = "idle";
    if (this.image && (await this.drawImage())) {
      if (this.drawn === key) this.status = "drawn";
      return;
    }
    try {
      const width = this.getBoundingClientRect().width || 120;
      await drawPage(this.url, this.index, this.canvas, width, this.top);
      if (this.drawn === key) this.status = "drawn";
    } catch {
      if (this.drawn === key) this.status = "failed";
      this.drawn = "";
    }
  }
}

/** The image path, no pdf.js at all; false when the image cannot be had (the PDF is drawn instead). */
async function drawImageOn(thumb: KoPageThumb): Promise<boolean> {
  const img = new Image();
  img.src = thumb.image;
  try {
    await img.decode();
  } catch {
    return false;
  }
  const canvas = thumb.renderRoot.querySelector("canvas");
  if (!canvas) return false;
  canvas.width = img.naturalWidth;
  canvas.height = Math.max(1, Math.round(img.naturalHeight * Math.min(1, Math.max(0.05, thumb.top))));
  canvas.getContext("2d")?.drawImage(img, 0, 0);
  return true;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-page-thumb": KoPageThumb;
  }
}
