import { LitElement, html } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base, buttons } from "../styles/shared.ts";
import { dialog } from "../styles/dialog.ts";

export interface ConfirmRequest {
  title: () => string;
  body: () => string;
  confirmLabel: () => string;
  danger?: boolean;
}

/** Asks a yes/no question in a modal; `ask()` resolves with the answer. */
@customElement("ko-confirm-dialog")
export class KoConfirmDialog extends LitElement {
  static override styles = [base, buttons, dialog];

  @state() private request: ConfirmRequest | null = null;
  @query("dialog") private dialogEl!: HTMLDialogElement;
  @query(".cancel") private cancelButton!: HTMLButtonElement;

  private readonly locale = new LocaleController(this);
  private resolve: ((confirmed: boolean) => void) | null = null;

  async ask(request: ConfirmRequest): Promise<boolean> {
    this.request = request;
    await this.updateComplete;
    this.dialogEl.showModal();
    this.cancelButton.focus(); // the safe answer is the default one
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    const request = this.request;
    return html`
      <dialog aria-labelledby="confirm-title" aria-describedby="confirm-body" @close=${this.onClose}>
        <div class="dialog-body">
          <h2 id="confirm-title">${request?.title()}</h2>
          <p id="confirm-body">${request?.body()}</p>
        </div>
        <div class="dialog-actions">
          <button class="btn cancel" type="button" @click=${() => this.answer(false)}>${t("confirm.cancel")}</button>
          <button class="btn ${request?.danger ? "btn-danger" : "btn-primary"}" type="button" @click=${() => this.answer(true)}>
            ${request?.confirmLabel()}
          </button>
        </div>
      </dialog>
    `;
  }

  private answer(confirmed: boolean): void {
    this.dialogEl.close(confirmed ? "yes" : "no");
  }

  private onClose(): void {
    this.resolve?.(this.dialogEl.returnValue === "yes");
    this.resolve = null;
    this.dialogEl.returnValue = "";
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-confirm-dialog": KoConfirmDialog;
  }
}
