import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type * as Y from "yjs";
import { applyItem, computeMark, removeItem, setAdjustment, setChecked, type CopyDecisions, type QuestionSpec } from "../../../../collab/index.ts";
import type { DeskQuestion } from "../../api/grading.ts";
import { itemKeyLabel, type QuestionRubricView } from "../../api/rubric.ts";
import { formatScore } from "../../desk/score-format.ts";
import { getLocale, LocaleController, t } from "../../i18n/i18n.ts";
import { base, buttons, forms } from "../../styles/shared.ts";

const signed = (n: number, locale: string) => (n > 0 ? "+" : n < 0 ? "−" : "") + formatScore(Math.abs(n), locale);

/** Parses a signed adjustment ("-0,5", "+1"): a finite non-zero number with at most two decimals. */
export function parseAdjustment(text: string): number | null {
  const s = text.trim().replace(/\s+/g, "").replace(",", ".").replace("−", "-");
  if (!/^[+-]?(\d+(\.\d{0,2})?|\.\d{1,2})$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) && v !== 0 ? Math.round(v * 100) / 100 : null;
}

/**
 * One rubric question on the desk: its items as toggle buttons (keys 1–9 / Shift+1–9 when it is the
 * active question), the signed adjustment with its required reason, "checked", and the mark
 * computed by collab's computeMark with a note when a bound clips it.
 */
@customElement("ko-rubric-items")
export class KoRubricItems extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    css`
      :host { display: block; margin-top: var(--ko-space-1); }
      .mark { display: flex; justify-content: space-between; align-items: baseline; font-variant-numeric: tabular-nums; }
      .mark strong { font-size: var(--ko-text-lg); }
      .mode, .hint { font-size: var(--ko-text-sm); color: var(--ko-color-text-muted); margin: 0; }
      ul { list-style: none; margin: var(--ko-space-1) 0; padding: 0; display: grid; gap: var(--ko-space-1); }
      button.item { width: 100%; display: grid; grid-template-columns: 2.2rem 1fr auto; gap: var(--ko-space-2); align-items: center; text-align: left; min-height: 2.25rem; }
      button.item[aria-pressed='true'] { background: var(--ko-color-primary-soft, #dbeafe); border-color: var(--ko-color-primary, #1d4ed8); font-weight: 600; }
      button.item.ignored { text-decoration: line-through; }
      kbd { font-family: inherit; font-size: var(--ko-text-sm); border: 1px solid var(--ko-color-border); border-radius: 4px; padding: 0 4px; text-align: center; }
      .pts { font-variant-numeric: tabular-nums; }
      .feedback { grid-column: 2 / 4; font-size: var(--ko-text-sm); color: var(--ko-color-text-muted); font-weight: 400; }
      .group { grid-column: 2 / 4; font-size: var(--ko-text-xs, 0.75rem); color: var(--ko-color-text-muted); font-weight: 400; }
      .clip { margin: var(--ko-space-1) 0; padding: var(--ko-space-1) var(--ko-space-2); border-left: 3px solid var(--ko-color-warning, #b45309); background: var(--ko-color-warning-soft, #fef3c7); font-size: var(--ko-text-sm); }
      details { margin-top: var(--ko-space-1); }
      .adjust { display: grid; grid-template-columns: 5rem 1fr; gap: var(--ko-space-1); align-items: end; }
      .adjust label { font-size: var(--ko-text-sm); display: grid; gap: 2px; }
      .adjust .actions { grid-column: 1 / 3; display: flex; gap: var(--ko-space-1); flex-wrap: wrap; }
      .current { font-size: var(--ko-text-sm); margin: var(--ko-space-1) 0 0; }
      .field-error { color: var(--ko-color-danger); font-size: var(--ko-text-sm); margin: 0; }
      .adjust-error { grid-column: 1 / 3; }
      .active-hint { font-size: var(--ko-text-sm); color: var(--ko-color-primary, #1d4ed8); margin: 0; }
      .usage { font-size: var(--ko-text-xs, 0.75rem); color: var(--ko-color-text-muted); }
    `,
  ];

  @property({ attribute: false }) question!: DeskQuestion;
  @property({ attribute: false }) rubric!: QuestionRubricView;
  @property({ attribute: false }) decisions!: CopyDecisions;
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ type: Boolean }) editable = false;
  /** keys 1–9 act on this question */
  @property({ type: Boolean }) active = false;
  /** item id → number of copies it is applied on (live), when known */
  @property({ attribute: false }) usage: Record<string, number> | null = null;
  @state() private adjustError: string | null = null;

  private readonly locale = new LocaleController(this);

  private get spec(): QuestionSpec {
    const r = this.rubric;
    return {
      id: this.question.id,
      maxPoints: this.question.maxPoints,
      rubric: { mode: r.mode, bonusMax: r.bonusMax, items: r.items.map((i) => ({ id: i.id, points: i.points, group: i.group, rev: i.rev })) },
    };
  }

  /** Applies the item at `index` (display order), or removes it when applied; false when there is none. */
  toggleItem(index: number): boolean {
    const item = this.rubric.items[index];
    if (!item || !this.doc || !this.editable) return false;
    const applied = this.decisions.items[this.question.id] ?? [];
    if (applied.includes(item.id)) removeItem(this.doc, this.question.id, item.id);
    else {
      // "one at most" in its group: the other one applied goes in the same transaction
      const replacing =
        item.group === null ? [] : this.rubric.items.filter((o) => o.group === item.group && o.id !== item.id && applied.includes(o.id)).map((o) => o.id);
      applyItem(this.doc, this.question.id, item.id, item.rev, { replacing });
    }
    return true;
  }

  override render() {
    const locale = getLocale();
    const mark = computeMark(this.spec, this.decisions);
    const applied = new Set(this.decisions.items[this.question.id] ?? []);
    const ignored = new Set(mark.ignored.map((i) => i.id));
    const upper = this.question.maxPoints + this.rubric.bonusMax;
    const adj = mark.adjustment;
    const checked = this.decisions.checked.includes(this.question.id);
    return html`
      <div class="mark" data-mark=${mark.score ?? ""}>
        <span>${t("desk.rubric.mark")}</span>
        <span><strong data-rubric-score>${mark.score === null ? t("desk.rubric.notGraded") : formatScore(mark.score, locale)}</strong> / ${formatScore(this.question.maxPoints, locale)}</span>
      </div>
      <p class="mode">${t(this.rubric.mode === "negative" ? "desk.rubric.mode.negative" : "desk.rubric.mode.positive")}</p>
      ${this.active ? html`<p class="active-hint">${t("desk.rubric.active")}</p>` : nothing}
      ${
        mark.clipped
          ? html`<p class="clip" role="status" data-clipped=${mark.clipped}>
            ${mark.clipped === "low" ? t("desk.rubric.clippedLow", { raw: formatScore(mark.raw, locale) }) : t("desk.rubric.clippedHigh", { raw: formatScore(mark.raw, locale), upper: formatScore(upper, locale) })}
          </p>`
          : nothing
      }
      <ul aria-label=${t("desk.rubric.items", { label: this.question.label })}>
        ${this.rubric.items.map((item, i) => {
          const key = itemKeyLabel(i);
          const on = applied.has(item.id);
          const count = this.usage?.[item.id];
          return html`<li>
            <button type="button" class="btn item ${on && ignored.has(item.id) ? "ignored" : ""}" aria-pressed=${String(on)} data-item=${item.id}
              ?disabled=${!this.editable} aria-keyshortcuts=${key && this.active ? key.replace("⇧", "Shift+") : nothing}
              @click=${() => this.toggleItem(i)}>
              <kbd aria-hidden="true">${key ?? ""}</kbd>
              <span>${item.label}</span>
              <span class="pts">${signed(item.points, locale)}</span>
              ${item.group ? html`<span class="group">${t("desk.rubric.group", { group: item.group })}</span>` : nothing}
              ${item.feedback ? html`<span class="feedback">${item.feedback}</span>` : nothing}
              ${count !== undefined ? html`<span class="group usage" data-usage=${count}>${t("desk.rubric.usage", { count })}</span>` : nothing}
            </button>
          </li>`;
        })}
      </ul>
      ${mark.ignored.map((i) => html`<p class="hint">${t("desk.rubric.ignored", { id: this.rubric.items.find((x) => x.id === i.id)?.label ?? i.id })}</p>`)}
      ${adj ? html`<p class="current" data-adjustment>${t("desk.rubric.adjustCurrent", { points: signed(adj.points, locale), comment: adj.comment })}</p>` : nothing}
      <label class="hint"><input type="checkbox" .checked=${checked} ?disabled=${!this.editable} data-checked
        @change=${(e: Event) => this.doc && setChecked(this.doc, this.question.id, (e.target as HTMLInputElement).checked)} /> ${t("desk.rubric.checked")}</label>
      <details ?open=${!!this.adjustError}>
        <summary>${t("desk.rubric.adjust")}</summary>
        <form class="adjust" @submit=${this.onAdjust}>
          <label>${t("desk.rubric.adjustPoints")}<input name="points" inputmode="decimal" autocomplete="off" ?readonly=${!this.editable} .value=${adj ? String(adj.points) : ""} /></label>
          <label>${t("desk.rubric.adjustComment")}<input name="comment" autocomplete="off" maxlength="500" ?readonly=${!this.editable} .value=${adj?.comment ?? ""} /></label>
          ${this.adjustError ? html`<p class="field-error adjust-error" role="alert">${this.adjustError}</p>` : nothing}
          <div class="actions">
            <button class="btn btn-small" type="submit" ?disabled=${!this.editable}>${t("desk.rubric.adjustApply")}</button>
            ${adj ? html`<button class="btn btn-small" type="button" ?disabled=${!this.editable} @click=${this.removeAdjustment}>${t("desk.rubric.adjustRemove")}</button>` : nothing}
          </div>
        </form>
      </details>
    `;
  }

  /** Opens the adjustment form and focuses its points field. */
  focusAdjustment(): void {
    const details = this.renderRoot.querySelector("details");
    if (details) details.open = true;
    this.renderRoot.querySelector<HTMLInputElement>('input[name="points"]')?.focus();
  }

  private onAdjust = (e: Event): void => {
    e.preventDefault();
    if (!this.doc || !this.editable) return;
    const form = e.target as HTMLFormElement;
    const points = parseAdjustment((form.elements.namedItem("points") as HTMLInputElement).value);
    const comment = (form.elements.namedItem("comment") as HTMLInputElement).value.trim();
    if (points === null) return void (this.adjustError = t("desk.rubric.adjustErrorPoints"));
    if (!comment) return void (this.adjustError = t("desk.rubric.adjustErrorComment"));
    this.adjustError = null;
    setAdjustment(this.doc, this.question.id, { points, comment });
  };

  private removeAdjustment = (): void => {
    if (this.doc && this.editable) setAdjustment(this.doc, this.question.id, null);
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-rubric-items": KoRubricItems;
  }
}
