import { LitElement, css, html } from "lit";
import { customElement, property, query } from "lit/decorators.js";
import type * as Y from "yjs";
import type { AnnotationLayer, LayerContext } from "../../desk/annotation-layer.ts";
import { screenSize, type PageFrame, type Rotation } from "../../desk/geometry.ts";
import type { PDFDocumentProxy } from "../../desk/pdf-document.ts";
import { imageFor, loadImage, type PageImages } from "../../desk/page-images.ts";
import type { RenderTask } from "pdfjs-dist";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";

/**
 * One page of the copy: its image (the server's JPEG, redacted for graders) shown under the
 * fabric annotation layer, or the scan drawn by pdf.js when the page has no image. Both exist only
 * while the page is near the viewport (`active`, set by the desk's IntersectionObserver).
 * The image is an <img>, not a canvas: the browser decodes it off the main thread and the
 * compositor draws it, with no page-sized bitmap to fill and hand over at each frame. A page in the
 * observer's margin (not on screen yet) gets its fabric layer once the main thread is idle, after
 * the pages on screen.
 */
@customElement("ko-page-view")
export class KoPageView extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: block;
      }
      .page {
        position: relative;
        margin: 0 auto;
        background: #fff;
        box-shadow: 0 1px 3px rgb(16 24 40 / 0.25);
      }
      canvas.pdf {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
      }
      img.scan {
        position: absolute;
        left: 50%;
        top: 50%;
        max-width: none;
        user-select: none;
        pointer-events: none;
      }
      img.scan[hidden] {
        display: none;
      }
      .ink {
        position: absolute;
        inset: 0;
        mix-blend-mode: multiply;
      }
      .placeholder {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        color: var(--ko-color-text-muted);
        font-size: var(--ko-text-sm);
      }
      .page.drawn .placeholder {
        display: none;
      }
      :host([ink-only]) .page {
        background: transparent;
        box-shadow: none;
      }
      :host([ink-only]) .placeholder {
        display: none;
      }
    `,
  ];

  @property({ type: Number }) index = 0;
  @property({ attribute: false }) pdf: PDFDocumentProxy | null = null;
  /** the page's images; null or failed: pdf.js draws it */
  @property({ attribute: false }) image: PageImages | null = null;
  @property({ attribute: false }) frame: PageFrame = { unitsH: 1414 };
  @property({ type: Number }) pxPerUnit = 0.6;
  @property({ type: Number }) rotation: Rotation = 0;
  @property({ type: Boolean }) active = false;
  /**
   * Whether a page near the view but not on screen may make its fabric layer now (at idle). The desk
   * holds it back until it is interactive: two page-sized canvases allocated and handed to the
   * compositor while the copy's join is answered delay the desk's start.
   */
  @property({ type: Boolean }) nearbyLayers = true;
  /** annotations only, over a scan painted by someone else (grading by question's region crops) */
  @property({ type: Boolean, attribute: "ink-only", reflect: true }) inkOnly = false;
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ attribute: false }) context: LayerContext | null = null;
  @query(".page") private pageEl!: HTMLElement;
  @query("canvas.pdf") private pdfCanvas!: HTMLCanvasElement;
  @query("img.scan") private scan!: HTMLImageElement;
  @query(".ink") private inkHost!: HTMLElement;

  layer: AnnotationLayer | null = null;
  private creating = false;
  private layerRetry: ReturnType<typeof setTimeout> | null = null;
  private readonly locale = new LocaleController(this);
  private task: RenderTask | null = null;
  private drawnAt = "";
  private renderTimer: ReturnType<typeof setTimeout> | null = null;

  override render() {
    return html`<div class="page" role="img" aria-label=${t("desk.pageLabel", { page: this.index + 1 })}>
      <canvas class="pdf" aria-hidden="true"></canvas>
      <img class="scan" alt="" aria-hidden="true" decoding="async" draggable="false" hidden />
      <div class="placeholder" aria-hidden="true">${t("desk.pageLoading", { page: this.index + 1 })}</div>
      <div class="ink"></div>
    </div>`;
  }

  override updated(changed: Map<string, unknown>): void {
    const { width, height } = screenSize(this.frame, this.pxPerUnit, this.rotation);
    this.pageEl.style.width = `${width}px`;
    this.pageEl.style.height = `${height}px`;
    if (!this.active || !this.doc || !this.context) {
      this.release();
      return;
    }
    if (changed.has("pdf")) this.drawnAt = ""; // another document (grading by question reuses the view): draw it
    const now = changed.has("active") || changed.has("pdf") || changed.has("image");
    // the image first: its decoding (off the main thread) then runs while fabric sets the layer up
    if (this.usesImage) this.scheduleImage(now ? 0 : 60);
    else {
      this.hideScan();
      this.schedulePdf(now ? 0 : 120);
    }
    if (!this.layer) {
      if (!this.creating) void this.createLayer();
    } else {
      if (changed.has("doc")) this.layer.setDoc(this.doc);
      if (changed.has("context")) this.layer.setContext(this.context);
      if (changed.has("pxPerUnit") || changed.has("rotation")) this.layer.setView(this.pxPerUnit, this.rotation);
    }
  }

  private imageBroken = false;
  /** the latest image draw: an earlier one still waiting gives way */
  private drawSeq = 0;

  private get usesImage(): boolean {
    return !!this.image && !this.image.failed && !this.imageBroken;
  }

  private scheduleImage(delay: number): void {
    const key = `img|${this.pxPerUnit}|${this.rotation}|${this.image?.read}`;
    if (key === this.drawnAt) return;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = null;
    // at once when the page comes into view (its decode is asked for before anything else runs);
    // a zoom in steps draws once, when the steps stop
    if (delay === 0) void this.drawImage(key);
    else this.renderTimer = setTimeout(() => void this.drawImage(key), delay);
  }

  /** The reading image at once (decoded before it is shown); the high one in its place when zoomed past it. */
  private async drawImage(key: string): Promise<void> {
    this.renderTimer = null;
    const images = this.image;
    if (!images || !this.active) return;
    const { width, height } = screenSize(this.frame, this.pxPerUnit, this.rotation);
    const turned = this.rotation === 90 || this.rotation === 270;
    const across = (turned ? height : width) * Math.min(window.devicePixelRatio || 1, 3);
    const wanted = imageFor(images, across);
    const scan = this.scan;
    const seq = ++this.drawSeq;
    // the image as the page stands before the view rotation, turned about the page's centre
    scan.style.width = `${turned ? height : width}px`;
    scan.style.height = `${turned ? width : height}px`;
    scan.style.transform = `translate(-50%, -50%) rotate(${this.rotation}deg)`;
    try {
      const shown = scan.getAttribute("src");
      const current = shown === images.read || shown === images.high ? shown : images.read;
      if (shown !== current) {
        await loadImage(current); // shared with the prefetch: often decoded already
        if (!this.active || this.image !== images) return;
        scan.src = current;
      }
      await scan.decode(); // decoded off the main thread before it shows: never a half-drawn page
      if (!this.active || this.image !== images || seq !== this.drawSeq) return;
      scan.hidden = false;
      this.drawnAt = key;
      this.pageEl.classList.add("drawn");
      this.dispatchEvent(new CustomEvent("ko-page-drawn", { detail: { index: this.index, source: "image" }, bubbles: true, composed: true }));
      if (wanted === images.high && current !== images.high) {
        await loadImage(wanted);
        if (this.active && this.image === images && this.drawnAt === key) scan.src = wanted;
      }
    } catch {
      // a later draw changed the image under this one (its decode is abandoned): not a failure
      if (this.image !== images || seq !== this.drawSeq || !this.active) return;
      // no image for this page after all: pdf.js draws it (the desk loads the PDF on this event)
      this.imageBroken = true;
      this.hideScan();
      this.dispatchEvent(new CustomEvent("ko-image-failed", { detail: { index: this.index }, bubbles: true, composed: true }));
      this.schedulePdf(0);
    }
  }

  override disconnectedCallback(): void {
    this.release();
    super.disconnectedCallback();
  }

  /** fabric is loaded on its own, so the first page is drawn while it is being parsed. */
  private async createLayer(): Promise<void> {
    this.creating = true;
    const { AnnotationLayer } = await import("../../desk/annotation-layer.ts");
    // Near the view but not on screen yet: after the pages on screen, once the desk is interactive
    // and the main thread is free (a fabric layer is two page-sized canvases to allocate and clear).
    if (!this.onScreen()) {
      if (!this.nearbyLayers) {
        // asked again when nearbyLayers turns true (an update), or when this page comes on screen
        // meanwhile (a desk that never becomes interactive, e.g. offline, still draws where one scrolls)
        this.creating = false;
        this.layerRetry ??= setTimeout(() => {
          this.layerRetry = null;
          this.requestUpdate();
        }, 500);
        return;
      }
      await whenIdle();
    }
    this.creating = false;
    if (!this.active || !this.doc || !this.context || this.layer) return;
    const el = document.createElement("canvas");
    this.inkHost.replaceChildren(el);
    this.layer = new AnnotationLayer(el, this.doc, this.index, this.frame, this.context);
    this.layer.setView(this.pxPerUnit, this.rotation);
    this.dispatchEvent(new CustomEvent("ko-layer-ready", { detail: { index: this.index }, bubbles: true, composed: true }));
  }

  /** No image shown (and its decoded pixels let go). */
  private hideScan(): void {
    if (!this.scan?.hasAttribute("src")) return;
    this.scan.hidden = true;
    this.scan.removeAttribute("src");
  }

  private onScreen(): boolean {
    const r = this.getBoundingClientRect();
    return r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
  }

  /** A zoom in steps re-renders once, when the steps stop. */
  private schedulePdf(delay: number): void {
    if (!this.pdf) return;
    const key = `${this.pxPerUnit}|${this.rotation}`;
    if (key === this.drawnAt && this.task === null) return;
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => void this.drawPdf(key), delay);
  }

  private async drawPdf(key: string): Promise<void> {
    this.renderTimer = null;
    this.task?.cancel();
    this.task = null;
    const pdf = this.pdf;
    if (!pdf || !this.active) return;
    const page = await pdf.getPage(this.index + 1);
    if (!this.active || this.pdf !== pdf) return;
    const { width } = screenSize(this.frame, this.pxPerUnit, this.rotation);
    const { renderPage } = await import("../../desk/pdf-document.ts"); // pdf.js only when a page needs it
    const done = await renderPage(page, this.pdfCanvas, width, this.rotation, (task) => (this.task = task));
    this.task = null;
    if (!done) return;
    this.drawnAt = key;
    this.pageEl.classList.add("drawn");
    this.dispatchEvent(new CustomEvent("ko-page-drawn", { detail: { index: this.index }, bubbles: true, composed: true }));
  }

  /** Far from view: free the bitmap and the fabric canvas (a 60-page copy must not hold 60 of each). */
  private release(): void {
    if (this.renderTimer) clearTimeout(this.renderTimer);
    if (this.layerRetry) clearTimeout(this.layerRetry);
    this.layerRetry = null;
    this.task?.cancel();
    this.task = null;
    this.layer?.destroy();
    this.layer = null;
    this.inkHost?.replaceChildren();
    this.hideScan();
    if (this.pdfCanvas && this.drawnAt) {
      this.pdfCanvas.width = 0;
      this.pdfCanvas.height = 0;
      this.drawnAt = "";
      this.pageEl.classList.remove("drawn");
    }
  }
}

/** When the main thread has nothing more urgent (at most 500 ms from now). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) =>
    typeof requestIdleCallback === "function" ? requestIdleCallback(() => resolve(), { timeout: 500 }) : setTimeout(resolve, 50),
  );
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-page-view": KoPageView;
  }
}
