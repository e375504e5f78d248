import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { addBankEntry, deleteBankEntry, listBank, type BankEntry } from "../../api/grading.ts";
import { ICONS } from "../../desk/icons.ts";
import { errorMessage, LocaleController, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

/** Reusable comments (personal, or shared with the exam's graders): pick one, click on the page to place it. */
@customElement("ko-bank")
export class KoBank extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
      :host {
        display: block;
      }
      h2 {
        margin-bottom: var(--ko-space-2);
      }
      ul {
        display: grid;
        gap: var(--ko-space-1);
        margin: 0 0 var(--ko-space-3);
        padding: 0;
        list-style: none;
      }
      li {
        display: flex;
        gap: var(--ko-space-1);
      }
      .entry {
        flex: 1;
        min-height: max(2.25rem, var(--ko-touch-min));
        padding: var(--ko-space-1) var(--ko-space-2);
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        background: var(--ko-color-surface);
        color: var(--ko-color-text);
        font: inherit;
        font-size: var(--ko-text-sm);
        text-align: left;
        cursor: pointer;
      }
      .entry[aria-pressed='true'] {
        border-color: var(--ko-color-primary);
        background: var(--ko-color-primary-soft);
        box-shadow: inset 3px 0 0 var(--ko-color-primary);
      }
      .entry[disabled] {
        cursor: not-allowed;
        opacity: 0.6;
      }
      .num {
        display: inline-block;
        min-width: 1.25rem;
        margin-right: var(--ko-space-1);
        padding: 0 0.25rem;
        border: 1px solid var(--ko-color-border);
        border-radius: 4px;
        font: inherit;
        font-size: var(--ko-text-xs);
        font-weight: 700;
        text-align: center;
        color: var(--ko-color-text-muted);
      }
      .tag {
        display: block;
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .remove {
        width: 2.25rem;
        padding: 0;
      }
      form {
        display: grid;
        gap: var(--ko-space-2);
      }
      form input[type='text'] {
        min-height: max(2.25rem, var(--ko-touch-min));
      }
      .muted {
        font-size: var(--ko-text-sm);
        color: var(--ko-color-text-muted);
        margin-bottom: var(--ko-space-2);
      }
    `,
  ];

  @property() examId = "";
  @property({ type: Boolean }) editable = false;
  /** the entry armed for placement, if any */
  @property() armed: string | null = null;
  @state() private entries: BankEntry[] = [];
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private loadedFor = "";

  override willUpdate(): void {
    if (this.examId && this.examId !== this.loadedFor) {
      this.loadedFor = this.examId;
      void this.load();
    }
  }

  override render() {
    return html`<section aria-labelledby="bank-title">
      <h2 id="bank-title">${t("desk.bank.title")}</h2>
      ${this.entries.length === 0 ? html`<p class="muted">${t("desk.bank.empty")}</p>` : nothing}
      <ul>
        ${this.entries.map(
          (e, i) => html`<li>
            <button type="button" class="entry" aria-pressed=${String(this.armed === e.id)} ?disabled=${!this.editable} @click=${() => this.arm(e)}
              aria-keyshortcuts=${i < 9 ? `Alt+${i + 1}` : nothing} title=${i < 9 ? t("desk.bank.keyHint", { n: i + 1 }) : nothing}>
              ${i < 9 ? html`<kbd class="num" aria-hidden="true">${i + 1}</kbd> ` : nothing}${e.text}<span class="tag">${e.scope === "exam" ? t("desk.bank.shared") : t("desk.bank.personal")}</span>
            </button>
            ${
              e.mine
                ? html`<button type="button" class="btn btn-small remove" title=${t("desk.bank.remove")} @click=${() => this.removeEntry(e)}>
                  ${ICONS.trash}<span class="visually-hidden">${t("desk.bank.removeNamed", { text: e.text })}</span>
                </button>`
                : nothing
            }
          </li>`,
        )}
      </ul>
      <form @submit=${this.add}>
        <label for="bank-text">${t("desk.bank.new")}</label>
        <input id="bank-text" name="text" type="text" maxlength="500" autocomplete="off" required />
        <label class="checkbox"><input type="checkbox" name="shared" /> ${t("desk.bank.share")}</label>
        <button class="btn btn-small" type="submit">${t("desk.bank.add")}</button>
      </form>
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
    </section>`;
  }

  /** Saved comment n (0-based) as numbered in the list: Alt+n+1 places it. */
  entryAt(index: number): BankEntry | null {
    return this.entries[index] ?? null;
  }

  private arm(entry: BankEntry): void {
    const next = this.armed === entry.id ? null : entry;
    this.dispatchEvent(new CustomEvent("ko-bank-arm", { detail: next ? { id: next.id, text: next.text } : null, bubbles: true, composed: true }));
  }

  private async load(): Promise<void> {
    try {
      this.entries = await listBank(this.examId);
      this.error = null;
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get("text") ?? "").trim();
    if (!text) return;
    try {
      const entry = await addBankEntry(text, data.get("shared") ? this.examId : undefined);
      this.entries = [...this.entries, entry];
      form.reset();
      this.error = null;
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }

  private async removeEntry(entry: BankEntry): Promise<void> {
    try {
      await deleteBankEntry(entry.id);
      this.entries = this.entries.filter((e) => e.id !== entry.id);
      if (this.armed === entry.id) this.dispatchEvent(new CustomEvent("ko-bank-arm", { detail: null, bubbles: true, composed: true }));
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-bank": KoBank;
  }
}
