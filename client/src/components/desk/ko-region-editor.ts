import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";

import { fetchRegions, saveRegions, type Box, type Region, type RegionPage, type RegionsView } from "../../api/regions.ts";
import { copyPdfUrl } from "../../desk/desk-prefetch.ts";
import { loadImage, paintImage } from "../../desk/page-images.ts";
import type { PDFDocumentProxy } from "../../desk/pdf-document.ts";
import { errorMessage, LocaleController, t } from "../../i18n/i18n.ts";
import { cssom } from "../../styles/cssom.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

const MAX_REGIONS = 2;
const PAGE_CSS_WIDTH = 520;
const pct = (v: number) => Math.round(v * 1000) / 10;
const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The question regions of an exam, drawn once on its first copy: pick a question, drag a box on a
 * page (mouse or stylus), or type it in percent (keyboard); a question may span two regions. The
 * pages are the copy's page images (as grading by question shows them); pdf.js draws a page that
 * has none.
 */
@customElement("ko-region-editor")
export class KoRegionEditor extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
      :host { display: block; }
      .layout { display: grid; grid-template-columns: minmax(16rem, 22rem) 1fr; gap: var(--ko-space-4); align-items: start; }
      .pages { display: flex; flex-wrap: wrap; gap: var(--ko-space-3); }
      .page { position: relative; width: ${PAGE_CSS_WIDTH}px; box-shadow: 0 1px 3px rgb(16 24 40 / 0.25); touch-action: none; cursor: crosshair; }
      .page canvas { display: block; width: 100%; }
      .box { position: absolute; border: 2px solid var(--ko-color-focus); background: rgb(37 99 201 / 0.12); pointer-events: none; }
      .box.other { border: 1px dashed var(--ko-color-text-muted); background: transparent; }
      .box span { position: absolute; top: 0; left: 0; font-size: var(--ko-text-xs, 0.75rem); background: var(--ko-color-focus); color: #fff; padding: 0 4px; }
      .region { border: 1px solid var(--ko-color-border); border-radius: 6px; padding: var(--ko-space-2); margin-bottom: var(--ko-space-2); display: grid; grid-template-columns: repeat(5, 1fr); gap: var(--ko-space-1); }
      .region legend { font-weight: 650; }
      .region label { display: grid; font-size: var(--ko-text-sm); }
      .region input { width: 100%; }
      .region .remove { grid-column: 1 / 6; justify-self: start; }
      .actions { display: flex; gap: var(--ko-space-2); flex-wrap: wrap; margin-top: var(--ko-space-2); }
    `,
  ];

  @property() examId = "";
  @state() private view: RegionsView | null = null;
  @state() private edits: Record<string, Region[]> = {};
  @state() private questionId = "";
  @state() private notice: (() => string) | null = null;
  @state() private saved = false;
  @state() private drag: { page: number; x0: number; y0: number; box: Box } | null = null;

  private readonly locale = new LocaleController(this);
  private loaded = "";
  private task: { destroy(): Promise<void>; promise: Promise<PDFDocumentProxy> } | null = null;

  override disconnectedCallback(): void {
    void this.task?.destroy();
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    if (this.examId && this.examId !== this.loaded) void this.load(this.examId);
  }

  focusInitial(): void {
    this.renderRoot.querySelector<HTMLElement>("h1")?.focus();
  }

  private async load(examId: string): Promise<void> {
    this.loaded = examId;
    try {
      const view = await fetchRegions(examId);
      this.view = view;
      this.edits = Object.fromEntries(view.questions.map((q) => [q.id, q.regions.map((r) => ({ page: r.page, box: { ...r.box } }))]));
      this.questionId = view.questions[0]?.id ?? "";
    } catch (err) {
      this.notice = () => errorMessage(err);
    }
  }

  override updated(): void {
    const pages = this.view?.sample?.pages ?? [];
    for (const canvas of this.renderRoot.querySelectorAll<HTMLCanvasElement>("canvas[data-page]")) {
      if (canvas.dataset.drawn) continue;
      canvas.dataset.drawn = "pending";
      const page = pages.find((p) => p.page === Number(canvas.dataset.page));
      if (page) void this.paint(canvas, page);
    }
  }

  /** The page image; the copy's PDF (loaded once, only then) for a page without one. */
  private async paint(canvas: HTMLCanvasElement, page: RegionPage): Promise<void> {
    const height = (PAGE_CSS_WIDTH * page.heightPt) / page.widthPt;
    try {
      if (page.images.failed) throw new Error("no image");
      paintImage(canvas, await loadImage(page.images.read), PAGE_CSS_WIDTH, height, 0);
    } catch {
      const sample = this.view?.sample;
      if (!sample) return;
      try {
        const { loadPdf, renderPage } = await import("../../desk/pdf-document.ts");
        this.task ??= loadPdf(copyPdfUrl(sample.copyId));
        const pdf = await this.task.promise;
        await renderPage(await pdf.getPage(page.page), canvas, PAGE_CSS_WIDTH, 0);
      } catch (err) {
        this.notice = () => errorMessage(err);
        return;
      }
    }
    canvas.dataset.drawn = "yes";
  }

  override render() {
    const v = this.view;
    return html`<h1 tabindex="-1">${t("regions.title")}</h1>
      ${this.notice ? html`<div class="alert alert-error" role="alert">${this.notice()}</div>` : nothing}
      ${this.saved ? html`<div class="alert alert-success" role="status">${t("regions.saved")}</div>` : nothing}
      ${!v ? html`<p role="status">${t("app.loading")}</p>` : this.renderEditor(v)}`;
  }

  private renderEditor(v: RegionsView) {
    const regions = this.edits[this.questionId] ?? [];
    return html`<p>${t("regions.hint")}</p>
      <div class="layout">
        <div>
          <label for="question">${t("regions.question")}</label>
          <select id="question" .value=${this.questionId} @change=${(e: Event) => (this.questionId = (e.target as HTMLSelectElement).value)}>
            ${v.questions.map((q) => html`<option value=${q.id} ?selected=${q.id === this.questionId}>${q.path}</option>`)}
          </select>
          ${regions.map((r, i) => this.renderRegionFields(r, i))}
          <div class="actions">
            <button class="btn btn-small" type="button" ?disabled=${regions.length >= MAX_REGIONS} @click=${this.addRegion}>${t("regions.add")}</button>
            <button class="btn btn-primary" type="button" data-save @click=${this.save}>${t("regions.save")}</button>
          </div>
        </div>
        <div>
          ${v.sample ? html`<p class="muted">${t("regions.drawOn", { code: v.sample.anonymousCode })}</p>` : html`<p>${t("regions.noCopy")}</p>`}
          <div class="pages">
            ${v.sample ? v.sample.pages.map((p) => this.renderPage(p)) : nothing}
          </div>
        </div>
      </div>`;
  }

  private renderRegionFields(r: Region, i: number) {
    const field = (name: "x" | "y" | "w" | "h") =>
      html`<label>${t(`regions.${name}`)}<input type="number" min="0" max="100" step="0.5" .value=${String(pct(r.box[name]))} data-field=${name}
        @change=${(e: Event) => this.setBox(i, { ...r.box, [name]: clamp01(Number((e.target as HTMLInputElement).value) / 100) })} /></label>`;
    return html`<fieldset class="region" data-region=${i}>
      <legend>${t("regions.region", { n: i + 1 })}</legend>
      <label>${t("regions.page")}<input type="number" min="1" max=${this.view?.sample?.pageCount ?? 500} .value=${String(r.page)} data-field="page"
        @change=${(e: Event) => this.setRegion(i, { ...r, page: Math.max(1, Math.round(Number((e.target as HTMLInputElement).value) || 1)) })} /></label>
      ${field("x")}${field("y")}${field("w")}${field("h")}
      <button class="btn btn-small remove" type="button" @click=${() => this.removeRegion(i)}>${t("regions.remove", { n: i + 1 })}</button>
    </fieldset>`;
  }

  private renderPage(p: RegionPage) {
    const page = p.page;
    const mine = (this.edits[this.questionId] ?? []).map((r, i) => ({ r, i })).filter((x) => x.r.page === page);
    const others = Object.entries(this.edits)
      .filter(([q]) => q !== this.questionId)
      .flatMap(([, rs]) => rs.filter((r) => r.page === page));
    // through the CSSOM: the CSP forbids inline style attributes
    const boxStyle = (b: Box) => cssom({ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.w * 100}%`, height: `${b.h * 100}%` });
    return html`<div class="page" role="group" data-page=${page} aria-label=${t("regions.pageCanvas", { page })}
        @pointerdown=${(e: PointerEvent) => this.onDown(e, page)} @pointermove=${this.onMove} @pointerup=${this.onUp} @pointercancel=${() => (this.drag = null)}>
      <canvas data-page=${page} width=${PAGE_CSS_WIDTH} height=${Math.round((PAGE_CSS_WIDTH * p.heightPt) / p.widthPt)}></canvas>
      ${others.map((r) => html`<div class="box other" ${boxStyle(r.box)}></div>`)}
      ${mine.map(({ r, i }) => html`<div class="box" ${boxStyle(r.box)}><span>${i + 1}</span></div>`)}
      ${this.drag?.page === page ? html`<div class="box" ${boxStyle(this.drag.box)}></div>` : nothing}
    </div>`;
  }

  private point(e: PointerEvent): [number, number] {
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return [clamp01((e.clientX - rect.left) / rect.width), clamp01((e.clientY - rect.top) / rect.height)];
  }

  private onDown(e: PointerEvent, page: number): void {
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const [x, y] = this.point(e);
    this.drag = { page, x0: x, y0: y, box: { x, y, w: 0, h: 0 } };
  }

  private onMove = (e: PointerEvent): void => {
    if (!this.drag) return;
    const [x, y] = this.point(e);
    const d = this.drag;
    this.drag = { ...d, box: { x: Math.min(d.x0, x), y: Math.min(d.y0, y), w: Math.abs(x - d.x0), h: Math.abs(y - d.y0) } };
  };

  private onUp = (): void => {
    const d = this.drag;
    this.drag = null;
    if (!d || d.box.w < 0.01 || d.box.h < 0.01) return;
    const regions = this.edits[this.questionId] ?? [];
    // a drag replaces the region of that page, else adds one (two at most: then the last is replaced)
    const at = regions.findIndex((r) => r.page === d.page);
    const i = at >= 0 ? at : Math.min(regions.length, MAX_REGIONS - 1);
    this.setRegion(i, { page: d.page, box: roundBox(d.box) });
  };

  private addRegion = (): void => {
    const regions = this.edits[this.questionId] ?? [];
    if (regions.length >= MAX_REGIONS) return;
    this.setRegion(regions.length, { page: 1, box: { x: 0.05, y: 0.05, w: 0.9, h: 0.3 } });
  };

  private removeRegion(i: number): void {
    const regions = [...(this.edits[this.questionId] ?? [])];
    regions.splice(i, 1);
    this.edits = { ...this.edits, [this.questionId]: regions };
    this.saved = false;
  }

  private setBox(i: number, box: Box): void {
    const r = this.edits[this.questionId]?.[i];
    if (r) this.setRegion(i, { ...r, box: fitBox(box) });
  }

  private setRegion(i: number, r: Region): void {
    const regions = [...(this.edits[this.questionId] ?? [])];
    regions[i] = r;
    this.edits = { ...this.edits, [this.questionId]: regions };
    this.saved = false;
  }

  private save = async (): Promise<void> => {
    try {
      const body = Object.fromEntries(Object.entries(this.edits).filter(([, rs]) => rs.length > 0));
      const view = await saveRegions(this.examId, body);
      this.view = { ...view, sample: this.view?.sample ?? null };
      this.notice = null;
      this.saved = true;
    } catch (err) {
      this.notice = () => errorMessage(err);
    }
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function roundBox(b: Box): Box {
  return fitBox({ x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) });
}

/** Keeps a typed box within the page (at least 1 % each way). */
function fitBox(b: Box): Box {
  const w = Math.max(0.01, Math.min(1, b.w));
  const h = Math.max(0.01, Math.min(1, b.h));
  return { x: Math.min(clamp01(b.x), 1 - w), y: Math.min(clamp01(b.y), 1 - h), w, h };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-region-editor": KoRegionEditor;
  }
}
