import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { DeskQuestion } from "../../api/grading.ts";
import { fetchWhoSet, type WhoSet } from "../../api/history.ts";
import { ICONS } from "../../desk/icons.ts";
import { formatScore } from "../../desk/score-format.ts";
import { errorMessage, getLocale, LocaleController, t } from "../../i18n/i18n.ts";
import { base, buttons } from "../../styles/shared.ts";

/**
 * "Who set this mark", one click from the score panel (docs/history.md): the last change of the
 * question, by whom, when and from where, the mark before and after; "Voir ce moment" fires
 * `ko-who-show` with its seq for the desk to open the timeline there.
 */
@customElement("ko-who-set")
export class KoWhoSet extends LitElement {
  static override styles = [
    base,
    buttons,
    css`
      :host {
        display: contents;
      }
      .who {
        padding: 0;
        min-width: max(2.25rem, var(--ko-touch-min));
        min-height: max(2.25rem, var(--ko-touch-min));
        justify-content: center;
      }
      .answer {
        grid-column: 1 / -1;
        margin: 0;
        font-size: 0.875rem;
        color: var(--ko-color-muted, #555);
      }
      .error {
        grid-column: 1 / -1;
        margin: 0;
        color: var(--ko-color-danger, #b00020);
      }
    `,
  ];

  @property() copyId = "";
  @property({ attribute: false }) question: DeskQuestion | null = null;
  @state() private answer: WhoSet | Error | null = null;
  private readonly locale = new LocaleController(this);

  override render() {
    void this.locale;
    const q = this.question;
    if (!this.copyId || !q) return nothing;
    const label = t("who.askLabel", { label: q.label });
    return html`<button type="button" class="btn btn-small who" data-who=${q.id} aria-label=${label} title=${label}
        aria-expanded=${String(this.answer !== null)} @click=${this.toggle}>${ICONS.history}</button>
      ${this.renderAnswer(q)}`;
  }

  private renderAnswer(q: DeskQuestion) {
    const w = this.answer;
    if (!w) return nothing;
    if (w instanceof Error) return html`<p class="error" role="alert">${errorMessage(w)}</p>`;
    const c = w.change;
    if (!c) return html`<p class="answer" role="status" data-who-answer=${q.id}>${t("who.none")}</p>`;
    const locale = getLocale();
    const author = c.author?.displayName ?? t("timeline.unknownAuthor");
    return html`<p class="answer" role="status" data-who-answer=${q.id}>
      ${t("who.answer", { before: formatScore(w.before, locale), after: formatScore(w.after, locale), author, at: new Date(c.at).toLocaleString(locale), origin: t(`timeline.origin.${c.origin}` as "timeline.origin.desk") })}
      ${t("who.count", { count: w.changes })}
      <button type="button" class="btn btn-small" data-who-show=${q.id}
        @click=${() => this.dispatchEvent(new CustomEvent("ko-who-show", { detail: c.seq, bubbles: true, composed: true }))}>${t("who.show")}</button>
    </p>`;
  }

  /** One click asks; a second folds the answer away. */
  private toggle = async (): Promise<void> => {
    if (this.answer !== null || !this.question) {
      this.answer = null;
      return;
    }
    try {
      this.answer = await fetchWhoSet(this.copyId, this.question.id);
    } catch (e) {
      this.answer = e instanceof Error ? e : new Error(String(e));
    }
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-who-set": KoWhoSet;
  }
}
