import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { suggestCopies, type CopySuggestion } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { base, buttons, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";

const DEBOUNCE_MS = 150;

/** Finds the copy named on an extra sheet (student name, anonymous code, copy number): a combobox over the server's suggestions. */
@customElement("ko-copy-picker")
export class KoCopyPicker extends LitElement {
  static override styles = [
    base,
    forms,
    buttons,
    intakeStyles,
    css`
      :host {
        display: block;
        flex: 1 0 100%;
      }
      .field {
        max-width: 36rem;
      }
      [role='listbox'] {
        margin: var(--ko-space-2) 0 0;
        padding: 0;
        list-style: none;
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        background: var(--ko-color-surface);
        max-height: 18rem;
        overflow: auto;
      }
      [role='option'] {
        display: grid;
        gap: 0.125rem;
        min-height: 44px;
        padding: var(--ko-space-2) var(--ko-space-3);
        border-bottom: 1px solid var(--ko-color-border);
        cursor: pointer;
      }
      [role='option']:last-child {
        border-bottom: 0;
      }
      [role='option'][aria-selected='true'] {
        background: var(--ko-color-primary-soft);
        box-shadow: inset 4px 0 0 var(--ko-color-primary);
      }
      [role='option'][aria-disabled='true'] {
        cursor: not-allowed;
        color: var(--ko-color-text-muted);
      }
      .who {
        font-weight: 650;
      }
      .meta {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .row {
        display: flex;
        gap: var(--ko-space-2);
        align-items: center;
      }
      .row input {
        flex: 1;
      }
    `,
  ];

  @property() examId = "";
  /** the page being attached, for the field's name */
  @property() pageId = "";
  @state() private query = "";
  @state() private hits: CopySuggestion[] = [];
  @state() private active = 0;
  @state() private error: (() => string) | null = null;
  @query("input") private input!: HTMLInputElement;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private inflight: Promise<void> | null = null;

  override focus(): void {
    this.input?.focus();
  }

  override firstUpdated(): void {
    this.input.focus();
  }

  override render() {
    const open = this.hits.length > 0;
    const id = `pick-${this.pageId}`;
    return html`<div class="field">
      <label for=${id}>${t("booklets.attach.search")}</label>
      <div class="row">
        <input id=${id} type="text" role="combobox" autocomplete="off" spellcheck="false"
          aria-autocomplete="list" aria-expanded=${String(open)} aria-controls="hits" aria-describedby="hint"
          aria-activedescendant=${open ? `hit-${this.active}` : nothing} @input=${this.onInput} @keydown=${this.onKey} />
        <button class="btn btn-small" type="button" @click=${this.cancel}>${t("booklets.attach.cancel")}</button>
      </div>
      <span class="hint" id="hint">${t("booklets.attach.hint")}</span>
      <ul id="hits" role="listbox" aria-label=${t("booklets.attach.results")} ?hidden=${!open}>
        ${this.hits.map(
          (h, i) => html`<li id="hit-${i}" role="option" aria-selected=${String(i === this.active)} aria-disabled=${String(!h.attachable)}
            @mousedown=${(e: Event) => e.preventDefault()} @click=${() => this.pick(i)}>
            <span class="who">${h.student ? h.student.name : h.anonymousCode}</span>
            <span class="meta">${[
              h.student ? h.anonymousCode : null,
              h.student?.className,
              t("booklets.attach.number", { n: h.seq }),
              h.attachable ? null : t("booklets.attach.closed"),
            ]
              .filter(Boolean)
              .join(" · ")}</span>
          </li>`,
        )}
      </ul>
      <p class="meta" role="status">${this.error?.() ?? (this.query.trim() && !open && !this.timer ? t("booklets.attach.none") : "")}</p>
    </div>`;
  }

  private onInput(e: Event): void {
    this.query = (e.target as HTMLInputElement).value;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.inflight = this.search()), DEBOUNCE_MS);
  }

  private async search(): Promise<void> {
    this.timer = null;
    const q = this.query.trim();
    const seq = ++this.seq;
    if (!q) {
      this.hits = [];
      return;
    }
    try {
      const hits = await suggestCopies(this.examId, q);
      if (seq !== this.seq) return; // an older answer after a newer one
      this.hits = hits;
      this.active = 0;
      this.error = null;
    } catch (error) {
      if (seq === this.seq) this.error = () => errorMessage(error);
    }
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!this.hits.length) return;
      const n = this.hits.length;
      this.active = (this.active + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
      this.renderRoot.querySelector(`#hit-${this.active}`)?.scrollIntoView({ block: "nearest" });
    } else if (e.key === "Enter") {
      // typed faster than the debounce or the answer: wait for the search of what is typed
      if (this.timer) {
        clearTimeout(this.timer);
        this.inflight = this.search();
      }
      void (this.inflight ?? Promise.resolve()).then(() => this.pick(this.active));
    } else if (e.key === "Escape") {
      this.cancel();
    } else return;
    e.preventDefault();
  }

  private pick(i: number): void {
    const hit = this.hits[i];
    if (!hit) return;
    if (!hit.attachable) {
      this.error = () => t("error.COPY_CLOSED");
      return;
    }
    this.dispatchEvent(new CustomEvent<CopySuggestion>("ko-copy-picked", { detail: hit, bubbles: true, composed: true }));
  }

  private cancel(): void {
    this.dispatchEvent(new CustomEvent("ko-copy-pick-cancel", { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-copy-picker": KoCopyPicker;
  }
}
