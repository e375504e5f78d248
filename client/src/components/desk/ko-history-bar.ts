import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import * as Y from "yjs";
import { fetchStateAt, fetchTimeline, type HistoryChange, type Timeline } from "../../api/history.ts";
import type { DeskQuestion } from "../../api/grading.ts";
import { errorMessage, getLocale, LocaleController, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

/** What ko-desk draws instead of the live document while the timeline is open. */
export interface HistoryMoment {
  doc: Y.Doc;
  seq: number;
}

/**
 * The copy's timeline (docs/history.md): a slider over its stored changes, stepping by change,
 * filtered by person. Each position fires `ko-history-moment` with the document as it was then.
 */
@customElement("ko-history-bar")
export class KoHistoryBar extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
      :host {
        display: block;
        padding: var(--ko-space-2) var(--ko-space-3);
        border-bottom: 1px solid var(--ko-border, #ccc);
        background: var(--ko-surface-2, #f6f6f2);
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
        align-items: center;
      }
      input[type='range'] {
        flex: 1 1 16rem;
        min-width: 10rem;
        min-height: 2.75rem;
      }
      .what {
        margin: var(--ko-space-1) 0 0;
      }
      h2 {
        font-size: 1rem;
        margin: 0 var(--ko-space-2) 0 0;
      }
      select {
        width: auto;
        max-width: 18rem;
      }
      [data-timeline-close] {
        margin-left: auto;
      }
      .hint {
        margin: 0;
        font-size: 0.875rem;
      }
    `,
  ];

  @property() copyId = "";
  @property({ attribute: false }) questions: DeskQuestion[] = [];
  /** a seq to show first (who set a mark → that moment); the last change otherwise */
  @property({ type: Number }) startSeq: number | null = null;
  @state() private timeline: Timeline | null = null;
  @state() private author = "";
  /** 0 = before the first change, i = after the i-th change of the (filtered) list */
  @state() private index = 0;
  @state() private error: (() => string) | null = null;
  private readonly locale = new LocaleController(this);
  private token = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has("startSeq") && this.startSeq !== null && this.timeline) void this.load(); // "show that moment" while open
  }

  override render() {
    void this.locale;
    const tl = this.timeline;
    const changes = tl?.changes ?? [];
    const current = this.index > 0 ? changes[this.index - 1] : undefined;
    return html`<section aria-labelledby="timeline-title" data-timeline>
      <div class="row">
        <h2 id="timeline-title">${t("timeline.title")}</h2>
        <label for="person">${t("timeline.person")}</label>
        <select id="person" .value=${this.author} @change=${this.onAuthor} data-person>
          <option value="">${t("timeline.everyone")}</option>
          ${(tl?.authors ?? []).map((a) => html`<option value=${a.id}>${a.displayName}</option>`)}
        </select>
        <button class="btn btn-small" type="button" @click=${() => this.close()} data-timeline-close>${t("timeline.close")}</button>
      </div>
      <div class="row">
        <button class="btn btn-small" type="button" ?disabled=${this.index <= 0} @click=${() => this.go(this.index - 1)} data-step="prev">← ${t("timeline.prev")}</button>
        <input type="range" min="0" max=${changes.length} step="1" .value=${String(this.index)} aria-label=${t("timeline.slider")}
          aria-valuetext=${this.describe(current)} @input=${this.onSlide} data-slider />
        <button class="btn btn-small" type="button" ?disabled=${this.index >= changes.length} @click=${() => this.go(this.index + 1)} data-step="next">${t("timeline.next")} →</button>
      </div>
      <p class="what" role="status" data-moment>
        ${tl && changes.length === 0 ? t("timeline.empty") : nothing}
        ${changes.length > 0 ? html`<strong>${t("timeline.position", { index: this.index, count: changes.length })}</strong> — ${this.describe(current)}` : nothing}
      </p>
      <p class="hint">${t("timeline.readOnly")}</p>
      ${this.error ? html`<div class="alert alert-error" role="alert">${this.error()}</div>` : nothing}
    </section>`;
  }

  /** "Alice Martin · 02/12/2026 14:03:12 · note 1.a · bureau de correction" */
  private describe(c: HistoryChange | undefined): string {
    if (!c) return t("timeline.start");
    const who = this.timeline?.authors.find((a) => a.id === c.by)?.displayName ?? t("timeline.unknownAuthor");
    const at = new Date(c.at).toLocaleString(getLocale());
    const labels = c.q.map((id) => this.questions.find((q) => q.id === id)?.label ?? id);
    const kinds = c.k.map((k) => t(`timeline.kind.${k}` as "timeline.kind.scores"));
    const origin = t(`timeline.origin.${c.origin}` as "timeline.origin.desk");
    return [who, at, [...kinds, ...labels].join(" "), origin, c.r ? t("timeline.rubric", { version: c.r }) : ""].filter(Boolean).join(" · ");
  }

  private async load(): Promise<void> {
    try {
      this.timeline = await fetchTimeline(this.copyId, this.author || undefined);
      const changes = this.timeline.changes;
      const start = this.startSeq === null ? -1 : changes.findIndex((c) => c.seq === this.startSeq);
      this.startSeq = null;
      await this.go(start >= 0 ? start + 1 : changes.length);
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  private onAuthor = (e: Event): void => {
    this.author = (e.target as HTMLSelectElement).value;
    void this.load();
  };

  private onSlide = (e: Event): void => {
    void this.go(Number((e.target as HTMLInputElement).value));
  };

  /** Shows the document after the index-th change (the last one wins when the slider runs ahead). */
  private async go(index: number): Promise<void> {
    const changes = this.timeline?.changes ?? [];
    this.index = Math.max(0, Math.min(index, changes.length));
    const seq = this.index === 0 ? Math.max(0, (changes[0]?.seq ?? 1) - 1) : changes[this.index - 1]!.seq;
    const token = ++this.token;
    try {
      const r = await fetchStateAt(this.copyId, seq);
      if (token !== this.token) return;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, r.state);
      this.error = null;
      this.dispatchEvent(new CustomEvent<HistoryMoment>("ko-history-moment", { detail: { doc, seq: r.seq }, bubbles: true, composed: true }));
    } catch (e) {
      if (token === this.token) this.error = () => errorMessage(e);
    }
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent("ko-history-close", { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-history-bar": KoHistoryBar;
  }
}
