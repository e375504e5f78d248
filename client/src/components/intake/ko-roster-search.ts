import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { searchRoster, type SearchHit } from "../../api/intake.ts";
import { LocaleController, errorMessage, getLocale, t } from "../../i18n/i18n.ts";
import { base, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";

const DEBOUNCE_MS = 150;

/** The roster search of the identification desk: a combobox over the server's fuzzy search. */
@customElement("ko-roster-search")
export class KoRosterSearch extends LitElement {
  static override styles = [
    base,
    forms,
    intakeStyles,
    css`
      [role='listbox'] {
        margin: var(--ko-space-2) 0 0;
        padding: 0;
        list-style: none;
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        background: var(--ko-color-surface);
        max-height: 22rem;
        overflow: auto;
      }
      [role='option'] {
        display: grid;
        gap: 0.125rem;
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
      .who {
        font-weight: 650;
      }
      .meta {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      #search {
        font-size: var(--ko-text-lg);
      }
    `,
  ];

  @property() examId = "";
  @property({ type: Boolean }) disabled = false;
  @state() private query = "";
  @state() private hits: SearchHit[] = [];
  @state() private active = 0;
  @state() private error: (() => string) | null = null;
  @query("#search") private input!: HTMLInputElement;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private inflight: Promise<void> | null = null;

  get highlighted(): SearchHit | null {
    return this.hits[this.active] ?? null;
  }

  override focus(): void {
    this.input?.focus();
  }

  clear(): void {
    this.query = "";
    this.hits = [];
    this.active = 0;
    if (this.input) this.input.value = "";
  }

  override render() {
    const open = this.hits.length > 0;
    return html`<div class="field">
      <label for="search">${t("intake.identify.search")}</label>
      <input id="search" type="text" role="combobox" autocomplete="off" spellcheck="false" ?disabled=${this.disabled}
        aria-autocomplete="list" aria-expanded=${String(open)} aria-controls="results" aria-describedby="search-hint"
        aria-activedescendant=${open ? `hit-${this.active}` : nothing} @input=${this.onInput} @keydown=${this.onKey} />
      <span class="hint" id="search-hint">${t("intake.identify.searchHint")}</span>
      <ul id="results" role="listbox" aria-label=${t("intake.identify.results")} ?hidden=${!open}>
        ${this.hits.map(
          (h, i) => html`<li id="hit-${i}" role="option" aria-selected=${String(i === this.active)} @mousedown=${(e: Event) => e.preventDefault()}
            @click=${() => this.pick(i)}>
            <span class="who">${h.student.lastName} ${h.student.firstName}</span>
            <span class="meta">${[h.student.className, h.student.ine, birth(h.student.birthDate)].filter(Boolean).join(" · ")}
              ${h.linkedCopy ? html` · <span class="badge badge-warn">${t("intake.identify.linkedTo", { code: h.linkedCopy.anonymousCode })}</span>` : nothing}
              ${h.absent ? html` · <span class="badge">${t("intake.identify.absent")}</span>` : nothing}</span>
          </li>`,
        )}
      </ul>
      <p class="meta" role="status">${this.error?.() ?? (this.query && !open && !this.timer ? t("intake.identify.noResult") : "")}</p>
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
      const hits = await searchRoster(this.examId, q, 8);
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
      this.clear();
    } else return;
    e.preventDefault();
  }

  private pick(i: number): void {
    const hit = this.hits[i];
    if (hit) this.dispatchEvent(new CustomEvent<SearchHit>("ko-pick", { detail: hit, bubbles: true, composed: true }));
  }
}

const birth = (iso: string | null) => (iso ? new Date(`${iso}T12:00:00Z`).toLocaleDateString(getLocale() === "fr" ? "fr-FR" : "en-GB") : "");

declare global {
  interface HTMLElementTagNameMap {
    "ko-roster-search": KoRosterSearch;
  }
}
