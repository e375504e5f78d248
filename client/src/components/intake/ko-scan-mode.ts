import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { A3Options, BatchOptions, ScanMode, UploadFields } from "../../api/intake.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base, cards, forms } from "../../styles/shared.ts";

const MODES: ScanMode[] = ["PER_COPY", "SPLIT_EVERY_N", "A3_BOOKLET", "QR_BOOKLETS"];
type Landscape = NonNullable<BatchOptions["normalizeLandscape"]>;

/** How the scans are cut into copies, with the options the API offers for each mode. */
@customElement("ko-scan-mode")
export class KoScanMode extends LitElement {
  static override styles = [
    base,
    cards,
    forms,
    css`
      fieldset {
        margin: 0;
        padding: 0;
        border: 0;
        display: grid;
        gap: var(--ko-space-3);
      }
      legend {
        padding: 0;
        font-size: var(--ko-text-lg);
        font-weight: 650;
        margin-bottom: var(--ko-space-3);
      }
      .mode {
        display: grid;
        gap: var(--ko-space-2);
        padding: var(--ko-space-3);
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
      }
      .mode:has(input[type='radio']:checked) {
        border-color: var(--ko-color-primary);
        background: var(--ko-color-primary-soft);
      }
      .mode .hint {
        margin-left: 1.7rem;
      }
      .options {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: var(--ko-space-3);
        margin-left: 1.7rem;
      }
      .options .field + .field {
        margin-top: 0;
      }
      input[type='number'] {
        max-width: 8rem;
      }
      .field-error {
        margin-left: 1.7rem;
      }
    `,
  ];

  /** the exam scale's variants (sujet A/B): offered as the batch's default when there are any */
  @property({ attribute: false }) variants: string[] = [];
  @state() private variant = "";
  @state() private mode: ScanMode = "PER_COPY";
  @state() private pagesPerCopy = "2";
  @state() private a3: A3Options = { bookletPages: 4, order: "booklet", sheetOrder: "outer-first", versoRotated: false };
  @state() private landscape: Landscape = "none";
  @state() private allowDuplicate = false;
  @state() private nError = false;

  private readonly locale = new LocaleController(this);

  /** The upload fields, or null (and the problem shown) when N is not a whole number ≥ 1. */
  value(): UploadFields | null {
    const options: BatchOptions = { normalizeLandscape: this.landscape, ...(this.mode === "A3_BOOKLET" ? { a3: this.a3 } : {}) };
    const variant = this.variants.includes(this.variant) ? this.variant : undefined;
    const fields: UploadFields = { mode: this.mode, options, allowDuplicate: this.allowDuplicate, ...(variant ? { variant } : {}) };
    if (this.mode !== "SPLIT_EVERY_N") return fields;
    const n = Number(this.pagesPerCopy);
    this.nError = !Number.isInteger(n) || n < 1 || n > 500;
    if (this.nError) {
      this.renderRoot.querySelector<HTMLInputElement>("#pages-per-copy")?.focus();
      return null;
    }
    return { ...fields, pagesPerCopy: n };
  }

  override render() {
    return html`<div class="card"><fieldset>
      <legend>${t("intake.upload.mode")}</legend>
      ${MODES.map(
        (m) => html`<div class="mode">
          <label class="checkbox">
            <input type="radio" name="mode" value=${m} .checked=${this.mode === m} @change=${() => (this.mode = m)} aria-describedby="hint-${m}" />
            ${t(`intake.mode.${m}`)}
          </label>
          <span class="hint" id="hint-${m}">${t(`intake.mode.${m}.hint`)}</span>
          ${m === this.mode ? this.renderModeOptions(m) : nothing}
        </div>`,
      )}
      <div class="field">
        <label for="landscape">${t("intake.upload.landscape")}</label>
        <select id="landscape" @change=${(e: Event) => (this.landscape = (e.target as HTMLSelectElement).value as Landscape)}>
          ${(["none", "rotate90", "rotate270"] as const).map((v) => html`<option value=${v} ?selected=${this.landscape === v}>${t(`intake.landscape.${v}`)}</option>`)}
        </select>
      </div>
      ${
        this.variants.length
          ? html`<div class="field">
            <label for="batch-variant">${t("intake.upload.variant")}</label>
            <select id="batch-variant" aria-describedby="batch-variant-hint" @change=${(e: Event) => (this.variant = (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${this.variant === ""}>${t("intake.upload.variantNone")}</option>
              ${this.variants.map((v) => html`<option value=${v} ?selected=${this.variant === v}>${t("intake.variant.option", { v })}</option>`)}
            </select>
            <span class="hint" id="batch-variant-hint">${t("intake.upload.variantHint")}</span>
          </div>`
          : nothing
      }
      <label class="checkbox">
        <input type="checkbox" .checked=${this.allowDuplicate} @change=${(e: Event) => (this.allowDuplicate = (e.target as HTMLInputElement).checked)} />
        ${t("intake.upload.allowDuplicate")}
      </label>
    </fieldset></div>`;
  }

  private renderModeOptions(mode: ScanMode) {
    if (mode === "SPLIT_EVERY_N") {
      return html`<div class="options">
          <div class="field">
            <label for="pages-per-copy">${t("intake.upload.pagesPerCopy")}</label>
            <input id="pages-per-copy" type="number" min="1" max="500" step="1" .value=${this.pagesPerCopy} aria-invalid=${String(this.nError)}
              aria-describedby=${this.nError ? "n-error" : nothing} @input=${(e: Event) => (this.pagesPerCopy = (e.target as HTMLInputElement).value)} />
          </div>
        </div>
        ${this.nError ? html`<span class="field-error" id="n-error">${t("intake.upload.pagesPerCopyError")}</span>` : nothing}`;
    }
    if (mode !== "A3_BOOKLET") return nothing;
    const set = (patch: Partial<A3Options>) => (this.a3 = { ...this.a3, ...patch });
    return html`<div class="options">
      <div class="field">
        <label for="booklet-pages">${t("intake.a3.bookletPages")}</label>
        <select id="booklet-pages" @change=${(e: Event) => set({ bookletPages: Number((e.target as HTMLSelectElement).value) })}>
          ${[4, 8, 12, 16, 20, 24].map((n) => html`<option value=${n} ?selected=${this.a3.bookletPages === n}>${t("intake.a3.pages", { n, sheets: n / 4 })}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="a3-order">${t("intake.a3.order")}</label>
        <select id="a3-order" @change=${(e: Event) => set({ order: (e.target as HTMLSelectElement).value as A3Options["order"] })}>
          <option value="booklet" ?selected=${this.a3.order === "booklet"}>${t("intake.a3.order.booklet")}</option>
          <option value="flat" ?selected=${this.a3.order === "flat"}>${t("intake.a3.order.flat")}</option>
        </select>
      </div>
      <div class="field">
        <label for="sheet-order">${t("intake.a3.sheetOrder")}</label>
        <select id="sheet-order" @change=${(e: Event) => set({ sheetOrder: (e.target as HTMLSelectElement).value as A3Options["sheetOrder"] })}>
          <option value="outer-first" ?selected=${this.a3.sheetOrder === "outer-first"}>${t("intake.a3.outerFirst")}</option>
          <option value="inner-first" ?selected=${this.a3.sheetOrder === "inner-first"}>${t("intake.a3.innerFirst")}</option>
        </select>
      </div>
      <label class="checkbox">
        <input type="checkbox" .checked=${this.a3.versoRotated} @change=${(e: Event) => set({ versoRotated: (e.target as HTMLInputElement).checked })} />
        ${t("intake.a3.versoRotated")}
      </label>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-scan-mode": KoScanMode;
  }
}
