import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { identityZones, pageImageUrl, saveIdentityZones, type IdentityZone, type IdentityZonesView } from "../../api/imaging.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import { cssom } from "../../styles/cssom.ts";

const pct = (v: number) => Math.round(v * 1000) / 10;
const clamp = (v: number) => Math.min(1, Math.max(0, v));

/**
 * The exam's identity zones (docs/anonymity.md): drawn with the pointer (mouse, stylus, finger) on
 * the first page of the first copy, or set with the keyboard in the list; graders get these pixels
 * replaced with grey in every page image.
 */
@customElement("ko-identity-zones")
export class KoIdentityZones extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    forms,
    alerts,
    intakeStyles,
    css`
      .sheet {
        position: relative;
        width: min(100%, 22rem);
        border: 1px solid var(--ko-color-border);
        touch-action: none;
        cursor: crosshair;
        user-select: none;
      }
      .sheet img {
        display: block;
        width: 100%;
        pointer-events: none;
      }
      .zone {
        position: absolute;
        background: rgb(200 200 200 / 0.75);
        outline: 2px solid var(--ko-color-primary, #1d4ed8);
        display: grid;
        place-items: center;
        font-size: var(--ko-text-xs);
      }
      .zones {
        display: grid;
        gap: 0.5rem;
      }
      .zone-row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        align-items: end;
      }
      .zone-row input {
        width: 5rem;
      }
    `,
  ];

  @property() examId = "";
  @property({ type: Boolean }) readOnly = false;
  @state() private view: IdentityZonesView | null = null;
  @state() private zones: IdentityZone[] = [];
  @state() private seeNames = true;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  private drag: { x: number; y: number; index: number } | null = null;
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("examId") && this.examId) void this.load();
  }

  override render() {
    return html`<section class="card stack" aria-labelledby="zones-title">
      <h2 id="zones-title">${t("zones.title")}</h2>
      <p class="muted">${t("zones.help")}</p>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${this.view ? this.renderEditor(this.view) : html`<p class="muted">${t("app.loading")}</p>`}
    </section>`;
  }

  private renderEditor(view: IdentityZonesView) {
    const sample = view.samplePage;
    return html`
      ${
        sample
          ? html`<div class="sheet" ${cssom({ aspectRatio: `${sample.widthPt} / ${sample.heightPt}` })} @pointerdown=${this.onDown} @pointermove=${this.onMove}
            @pointerup=${this.onUp} @pointercancel=${this.onUp}>
            <img src=${pageImageUrl(sample.id, "read")} alt=${t("zones.sampleLabel")} />
            ${this.zones.map((z, i) =>
              z.page === 1 || z.page === null
                ? html`<div class="zone" aria-hidden="true" ${cssom({ left: `${z.x * 100}%`, top: `${z.y * 100}%`, width: `${z.w * 100}%`, height: `${z.h * 100}%` })}>${i + 1}</div>`
                : nothing,
            )}
          </div>`
          : html`<p class="muted">${t("zones.noSample")}</p>`
      }
      <div class="zones">
        ${this.zones.length === 0 ? html`<p class="muted">${t("zones.none")}</p>` : nothing}
        ${this.zones.map((z, i) => this.renderRow(z, i))}
      </div>
      <label class="checkbox"><input type="checkbox" .checked=${this.seeNames} ?disabled=${this.readOnly}
        @change=${(e: Event) => (this.seeNames = (e.target as HTMLInputElement).checked)} /> ${t("zones.supervisorsSeeNames")}</label>
      ${
        this.readOnly
          ? nothing
          : html`<div class="row">
            <button class="btn" type="button" @click=${() => (this.zones = [...this.zones, { page: 1, x: 0, y: 0, w: 1, h: 0.2 }])}>${t("zones.add")}</button>
            <button class="btn btn-primary" type="button" @click=${this.save}>${t("zones.save")}</button>
          </div>`
      }
    `;
  }

  private renderRow(z: IdentityZone, i: number) {
    const set = (patch: Partial<IdentityZone>) => (this.zones = this.zones.map((o, k) => (k === i ? { ...o, ...patch } : o)));
    const num = (key: "x" | "y" | "w" | "h") => html`<div class="field">
      <label for="z${i}-${key}">${t(`zones.${key}`)}</label>
      <input id="z${i}-${key}" type="number" min="0" max="100" step="0.5" .value=${String(pct(z[key]))} ?disabled=${this.readOnly}
        @change=${(e: Event) => set({ [key]: clamp(Number((e.target as HTMLInputElement).value) / 100) })} />
    </div>`;
    return html`<fieldset class="zone-row">
      <legend>${t("zones.zone", { n: i + 1 })}</legend>
      <div class="field">
        <label for="z${i}-page">${t("zones.page")}</label>
        <select id="z${i}-page" ?disabled=${this.readOnly} @change=${(e: Event) => set({ page: (e.target as HTMLSelectElement).value === "all" ? null : Number((e.target as HTMLSelectElement).value) })}>
          <option value="all" ?selected=${z.page === null}>${t("zones.everyPage")}</option>
          ${[1, 2, 3, 4, 5, 6, 7, 8].map((n) => html`<option value=${n} ?selected=${z.page === n}>${t("zones.pageN", { n })}</option>`)}
        </select>
      </div>
      ${num("x")} ${num("y")} ${num("w")} ${num("h")}
      ${
        this.readOnly
          ? nothing
          : html`<button class="btn btn-small" type="button" @click=${() => (this.zones = this.zones.filter((_, k) => k !== i))}>${t("zones.remove", { n: i + 1 })}</button>`
      }
    </fieldset>`;
  }

  private point(e: PointerEvent): { x: number; y: number } {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: clamp((e.clientX - r.left) / r.width), y: clamp((e.clientY - r.top) / r.height) };
  }

  private onDown = (e: PointerEvent): void => {
    if (this.readOnly) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    const p = this.point(e);
    this.drag = { ...p, index: this.zones.length };
    this.zones = [...this.zones, { page: 1, x: p.x, y: p.y, w: 0, h: 0 }];
  };

  private onMove = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d) return;
    const p = this.point(e);
    const zone = { page: 1, x: Math.min(d.x, p.x), y: Math.min(d.y, p.y), w: Math.abs(p.x - d.x), h: Math.abs(p.y - d.y) };
    this.zones = this.zones.map((z, k) => (k === d.index ? zone : z));
  };

  private onUp = (): void => {
    if (!this.drag) return;
    this.drag = null;
    this.zones = this.zones.filter((z) => z.w > 0.01 && z.h > 0.01); // a click is not a zone
  };

  private async load(): Promise<void> {
    try {
      this.view = await identityZones(this.examId);
      this.zones = this.view.zones;
      this.seeNames = this.view.supervisorsSeeNames;
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private save = async (): Promise<void> => {
    this.error = null;
    this.status = null;
    try {
      // a zone dragged past the edge is trimmed to the page (the server refuses what lies outside)
      const zones = this.zones.map((z) => ({ ...z, w: Math.min(z.w, 1 - z.x), h: Math.min(z.h, 1 - z.y) })).filter((z) => z.w > 0 && z.h > 0);
      this.view = await saveIdentityZones(this.examId, zones, this.seeNames);
      this.zones = this.view.zones;
      this.status = () => t("zones.saved");
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-identity-zones": KoIdentityZones;
  }
}
