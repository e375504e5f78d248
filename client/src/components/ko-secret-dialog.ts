import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { LocaleController, t } from "../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../styles/shared.ts";
import { dialog } from "../styles/dialog.ts";

export interface SecretRequest {
  title: () => string;
  intro: () => string;
  secret: string;
}

/** Shows a generated password exactly once, with a copy button; forgotten on close. */
@customElement("ko-secret-dialog")
export class KoSecretDialog extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    dialog,
    css`
      .secret {
        display: flex;
        gap: var(--ko-space-2);
      }
      .secret input {
        font-family: var(--ko-font-mono);
        font-size: var(--ko-text-lg);
        letter-spacing: 0.04em;
        background: var(--ko-color-warning-soft);
      }
      .secret .btn {
        min-height: 2.75rem;
      }
    `,
  ];

  @state() private request: SecretRequest | null = null;
  @state() private copyResult: "copied" | "failed" | null = null;
  @query("dialog") private dialogEl!: HTMLDialogElement;
  @query("#secret") private secretInput!: HTMLInputElement;

  private readonly locale = new LocaleController(this);
  private resolve: (() => void) | null = null;

  async show(request: SecretRequest): Promise<void> {
    this.request = request;
    this.copyResult = null;
    await this.updateComplete;
    this.dialogEl.showModal();
    this.secretInput.focus();
    this.secretInput.select();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    const request = this.request;
    const copyText = this.copyResult === "copied" ? t("secret.copied") : this.copyResult ? t("secret.copyFailed") : "";
    return html`
      <dialog aria-labelledby="secret-title" aria-describedby="secret-intro" @close=${this.onClose}>
        <div class="dialog-body">
          <h2 id="secret-title">${request?.title()}</h2>
          <p id="secret-intro">${request?.intro()}</p>
          <div class="field">
            <label for="secret">${t("secret.label")}</label>
            <div class="secret">
              <input id="secret" readonly spellcheck="false" autocomplete="off" .value=${request?.secret ?? ""} />
              <button class="btn" type="button" @click=${this.copy}>${t("secret.copy")}</button>
            </div>
          </div>
          <div class="alert ${this.copyResult === "failed" ? "alert-error" : "alert-success"}" role="status">${copyText || nothing}</div>
        </div>
        <div class="dialog-actions">
          <button class="btn btn-primary" type="button" @click=${this.done}>${t("secret.done")}</button>
        </div>
      </dialog>
    `;
  }

  private async copy(): Promise<void> {
    const secret = this.request?.secret ?? "";
    try {
      await navigator.clipboard.writeText(secret);
      this.copyResult = "copied";
    } catch {
      // No clipboard API outside secure contexts: fall back to the selection.
      this.secretInput.select();
      this.copyResult = document.execCommand("copy") ? "copied" : "failed";
    }
  }

  private done(): void {
    this.forget();
    this.dialogEl.close();
  }

  /** Closed by the button or by Escape (its close event comes a task later): the password is not kept. */
  private onClose(): void {
    this.forget();
    this.resolve?.();
    this.resolve = null;
  }

  private forget(): void {
    this.request = null;
    this.secretInput.value = ""; // now, not at the next render
    this.copyResult = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-secret-dialog": KoSecretDialog;
  }
}
