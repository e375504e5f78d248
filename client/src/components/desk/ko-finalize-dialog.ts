import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { DeskQuestion } from "../../api/grading.ts";
import { formatScore } from "../../desk/score-format.ts";
import { getLocale, LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { dialog } from "../../styles/dialog.ts";
import { base, buttons } from "../../styles/shared.ts";

export type FinalizeAnswer = "finalize" | "finalizeNext" | "score" | "cancel";

export interface FinalizeRequest {
  unscored: DeskQuestion[];
  total: number;
  max: number;
  /** a grader: "finalize and open the next copy" is offered, and is the default */
  next?: boolean;
}

/** "Finaliser": the unscored questions first (the server would refuse), else a last confirmation. */
@customElement("ko-finalize-dialog")
export class KoFinalizeDialog extends LitElement {
  static override styles = [
    base,
    buttons,
    dialog,
    css`
      ul {
        margin: 0;
        padding-left: var(--ko-space-5);
        max-height: 40vh;
        overflow-y: auto;
      }
      .total {
        font-size: var(--ko-text-lg);
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @state() private request: FinalizeRequest | null = null;
  @query("dialog") private dialogEl!: HTMLDialogElement;
  private readonly locale = new LocaleController(this);
  private resolve: ((answer: FinalizeAnswer) => void) | null = null;

  /** Resolves 'finalize' (confirmed), 'score' (go and score what is missing) or 'cancel'. */
  async ask(request: FinalizeRequest): Promise<FinalizeAnswer> {
    this.request = request;
    await this.updateComplete;
    this.dialogEl.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>(".default")?.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    const r = this.request;
    if (!r) return html`<dialog></dialog>`;
    const locale = getLocale();
    const missing = r.unscored.length > 0;
    return html`<dialog aria-labelledby="fin-title" aria-describedby="fin-body" @close=${this.onClose}>
      <div class="dialog-body" id="fin-body">
        <h2 id="fin-title">${missing ? t("desk.finalize.missingTitle") : t("desk.finalize.title")}</h2>
        ${
          missing
            ? html`<p>${tCount("desk.finalize.missing.one", r.unscored.length)}</p>
              <ul>${r.unscored.map((q) => html`<li>${q.path}</li>`)}</ul>`
            : html`<p class="total">${t("desk.scale.total")} <strong>${formatScore(r.total, locale)}</strong> / ${formatScore(r.max, locale)}</p>
              <p>${t("desk.finalize.body")}</p>`
        }
      </div>
      <div class="dialog-actions">
        <button class="btn" type="button" @click=${() => this.answer("cancel")}>${t("confirm.cancel")}</button>
        ${
          missing
            ? html`<button class="btn btn-primary default" type="button" @click=${() => this.answer("score")}>${t("desk.finalize.goScore")}</button>`
            : html`<button class="btn ${r.next ? "" : "btn-primary default"}" type="button" @click=${() => this.answer("finalize")}>${t("desk.finalize.confirm")}</button>
              ${r.next ? html`<button class="btn btn-primary default" type="button" @click=${() => this.answer("finalizeNext")}>${t("desk.finalize.confirmNext")}</button>` : nothing}`
        }
        ${nothing}
      </div>
    </dialog>`;
  }

  private answer(value: string): void {
    this.dialogEl.close(value);
  }

  private onClose(): void {
    const v = this.dialogEl.returnValue;
    this.resolve?.(v === "finalize" || v === "finalizeNext" || v === "score" ? v : "cancel");
    this.resolve = null;
    this.dialogEl.returnValue = "";
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-finalize-dialog": KoFinalizeDialog;
  }
}
