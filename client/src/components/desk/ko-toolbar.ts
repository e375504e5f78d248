import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ICONS, TOOL_ICONS } from "../../desk/icons.ts";
import { SHORTCUTS, type DeskAction } from "../../desk/shortcuts.ts";
import { COLORS, TOOLS, TOOL_LABELS, type ActiveTool, type Tool } from "../../desk/tools.ts";
import { hasTouchScreen } from "../../desk/touch-input.ts";
import type { ViewMode } from "../../desk/view-mode.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";
import { toolbarStyles } from "./toolbar-styles.ts";

const keyOfTool = (tool: Tool) => SHORTCUTS.find((s) => s.action.type === "tool" && s.action.tool === tool)?.display ?? "";

/** Tools, colours, undo/redo, zoom, rotation and pages. Every button says what it does and its key. */
@customElement("ko-toolbar")
export class KoToolbar extends LitElement {
  static override styles = [base, toolbarStyles];

  @property() tool: ActiveTool = "pen";
  @property() color: string = COLORS[0].value;
  @property({ type: Boolean }) editable = false;
  @property({ type: Boolean }) canUndo = false;
  @property({ type: Boolean }) canRedo = false;
  @property({ type: Number }) page = 0;
  @property({ type: Number }) pageCount = 0;
  @property({ type: Number }) zoom = 1;
  /** the pages' layout: fit width, whole page, two pages */
  @property() view: ViewMode = "width";
  /** a finger writes on the page; the switch shows on touch screens only */
  @property({ type: Boolean }) fingerDraw = false;

  /** the colours' popup (where they hide behind one button) */
  @state() private colorsOpen = false;
  private readonly locale = new LocaleController(this);

  override render() {
    return html`<div class="bar" role="toolbar" aria-label=${t("desk.toolbar")}>
      <div class="group" role="group" aria-label=${t("desk.tools")}>
        ${TOOLS.map((tool) => this.toolButton(tool))}
        ${
          hasTouchScreen()
            ? html`<button type="button" class="tool finger" aria-pressed=${String(this.fingerDraw)} title=${t("desk.fingerDraw")}
              @click=${() => this.emit("ko-finger-draw", !this.fingerDraw)}>${ICONS.finger}<span class="visually-hidden">${t("desk.fingerDraw")}</span></button>`
            : nothing
        }
      </div>
      <button type="button" class="swatch color-toggle" aria-expanded=${String(this.colorsOpen)} aria-controls="colors" ?disabled=${!this.editable}
        title=${t("desk.colors")} @click=${this.toggleColors}>
        <span class="chip" data-color=${this.color}></span><span class="visually-hidden">${t("desk.colors")}</span>
      </button>
      <div id="colors" class="group colors ${this.colorsOpen ? "open" : ""}" role="group" aria-label=${t("desk.colors")} @keydown=${this.onColorsKey}>
        ${COLORS.map(
          (c) => html`<button type="button" class="swatch" aria-pressed=${String(this.color === c.value)} ?disabled=${!this.editable}
            title=${t(c.label)} @click=${() => this.pickColor(c.value)}>
            <span class="chip" data-color=${c.value}></span><span class="visually-hidden">${t(c.label)}</span>
          </button>`,
        )}
      </div>
      <div class="group" role="group" aria-label=${t("desk.history")}>
        ${this.actionButton(ICONS.undo, t("desk.undo"), "Ctrl+Z", { type: "undo" }, !this.editable || !this.canUndo)}
        ${this.actionButton(ICONS.redo, t("desk.redo"), "Ctrl+Y", { type: "redo" }, !this.editable || !this.canRedo)}
      </div>
      <div class="group view" role="group" aria-label=${t("desk.view")}>
        ${this.actionButton(ICONS.zoomOut, t("desk.zoomOut"), "−", { type: "zoom", step: -1 }, false, "zoom-step")}
        <span class="zoom" aria-live="polite">${Math.round(this.zoom * 100)} %</span>
        ${this.actionButton(ICONS.zoomIn, t("desk.zoomIn"), "+", { type: "zoom", step: 1 }, false, "zoom-step")}
        ${this.viewButton(ICONS.fitWidth, t("desk.fitWidth"), "0", "width")}
        ${this.viewButton(ICONS.fitPage, t("desk.fitPage"), "F", "page")}
        ${this.viewButton(ICONS.twoPages, t("desk.twoPages"), "D", "two", "wide-only")}
        ${this.actionButton(ICONS.rotate, t("desk.rotate"), "R", { type: "rotate" })}
      </div>
      <div class="group pages" role="group" aria-label=${t("desk.pages")}>
        ${this.actionButton(ICONS.prev, t("desk.previousPage"), "K", { type: "page", delta: -1 }, this.page <= 0)}
        <span class="page-label">${t("desk.pageOf", { page: this.page + 1, count: this.pageCount })}</span>
        ${this.actionButton(ICONS.next, t("desk.nextPage"), "J", { type: "page", delta: 1 }, this.page >= this.pageCount - 1)}
      </div>
    </div>`;
  }

  override updated(): void {
    // Colours through CSSOM (the CSP forbids inline style attributes).
    for (const chip of this.renderRoot.querySelectorAll<HTMLElement>(".chip")) chip.style.background = chip.dataset.color ?? "";
  }

  private toolButton(tool: Tool) {
    const label = t(TOOL_LABELS[tool]);
    const key = keyOfTool(tool);
    const selectable = tool === "select";
    return html`<button type="button" class="tool" aria-pressed=${String(this.tool === tool)} ?disabled=${!this.editable && !selectable}
      title=${`${label} (${key})`} @click=${() => this.emit("ko-desk-action", { type: "tool", tool })}>
      ${TOOL_ICONS[tool]}<span class="visually-hidden">${label}</span>
    </button>`;
  }

  private actionButton(icon: unknown, label: string, key: string, action: DeskAction, disabled = false, extra = "") {
    return html`<button type="button" class="tool ${extra}" ?disabled=${disabled} title=${`${label} (${key})`} @click=${() => this.emit("ko-desk-action", action)}>
      ${icon}<span class="visually-hidden">${label}</span>
    </button>`;
  }

  /** A layout button: pressed while it is the layout at 100 % of its fit. */
  private viewButton(icon: unknown, label: string, key: string, mode: ViewMode, extra = "") {
    const action: DeskAction = mode === "width" ? { type: "fitWidth" } : { type: "view", mode };
    return html`<button type="button" class="tool ${extra}" aria-pressed=${String(this.view === mode)} data-view=${mode} title=${`${label} (${key})`}
      @click=${() => this.emit("ko-desk-action", action)}>${icon}<span class="visually-hidden">${label}</span></button>`;
  }

  private toggleColors = (e: Event): void => {
    this.colorsOpen = !this.colorsOpen;
    if (!this.colorsOpen) return;
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    void this.updateComplete.then(() => {
      const popup = this.renderRoot.querySelector<HTMLElement>("#colors");
      if (!popup) return;
      Object.assign(popup.style, { left: `${r.left}px`, top: `${r.bottom + 4}px` });
      popup.querySelector<HTMLElement>('[aria-pressed="true"]')?.focus();
    });
  };

  private pickColor(color: string): void {
    this.emit("ko-color", color);
    if (!this.colorsOpen) return;
    this.colorsOpen = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(".color-toggle")?.focus());
  }

  /** Escape closes the colours' popup, back on its button. */
  private onColorsKey = (e: KeyboardEvent): void => {
    if (e.key !== "Escape" || !this.colorsOpen) return;
    e.stopPropagation();
    this.colorsOpen = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(".color-toggle")?.focus());
  };

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-toolbar": KoToolbar;
  }
}
