import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import type { RosterImportResult } from "../../api/intake.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { dialog } from "../../styles/dialog.ts";
import { alerts, base, buttons } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";

type Credentials = RosterImportResult["credentials"];

/** The students' initial passwords, shown once: a table and the CSV / PDF the server made. */
@customElement("ko-credentials-dialog")
export class KoCredentialsDialog extends LitElement {
  static override styles = [
    base,
    buttons,
    alerts,
    dialog,
    intakeStyles,
    css`
      dialog {
        width: min(48rem, calc(100vw - 2rem));
      }
      .list {
        max-height: 40vh;
        overflow: auto;
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
      }
      td.secret {
        font-family: var(--ko-font-mono);
        background: var(--ko-color-warning-soft);
      }
    `,
  ];

  @state() private credentials: Credentials | null = null;
  @state() private downloaded = new Set<"csv" | "pdf">();
  @query("dialog") private dialogEl!: HTMLDialogElement;

  private readonly locale = new LocaleController(this);
  private resolve: (() => void) | null = null;

  async show(credentials: Credentials): Promise<void> {
    this.credentials = credentials;
    this.downloaded = new Set();
    await this.updateComplete;
    this.dialogEl.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>("#download-pdf")?.focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    const c = this.credentials;
    return html`<dialog aria-labelledby="cred-title" aria-describedby="cred-intro" @close=${this.onClose}>
      <div class="dialog-body">
        <h2 id="cred-title">${t("intake.credentials.title", { count: c?.count ?? 0 })}</h2>
        <p id="cred-intro" class="alert alert-info">${t("intake.credentials.intro")}</p>
        ${
          c && c.count > 0
            ? html`<div class="row">
                <button id="download-pdf" class="btn btn-primary" type="button" @click=${() => this.download("pdf")}>${t("intake.credentials.pdf")}</button>
                <button class="btn" type="button" @click=${() => this.download("csv")}>${t("intake.credentials.csv")}</button>
              </div>
              <div class="list" role="region" aria-labelledby="cred-caption" tabindex="0">
                <table>
                  <caption id="cred-caption" class="visually-hidden">${t("intake.credentials.caption")}</caption>
                  <thead><tr>
                    <th scope="col">${t("intake.roster.col.className")}</th>
                    <th scope="col">${t("intake.roster.col.fullName")}</th>
                    <th scope="col">${t("intake.credentials.login")}</th>
                    <th scope="col">${t("intake.credentials.password")}</th>
                  </tr></thead>
                  <tbody>
                    ${c.accounts.map(
                      (a) =>
                        html`<tr><td>${a.className ?? ""}</td><th scope="row">${a.lastName} ${a.firstName}</th><td>${a.login}</td><td class="secret">${a.password}</td></tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
            : html`<p>${t("intake.credentials.none")}</p>`
        }
        <div class="alert alert-success" role="status">${this.downloaded.size ? t("intake.credentials.downloaded") : nothing}</div>
      </div>
      <div class="dialog-actions">
        <button class="btn ${c && c.count > 0 ? "" : "btn-primary"}" type="button" @click=${() => this.dialogEl.close()}>${t("intake.credentials.done")}</button>
      </div>
    </dialog>`;
  }

  private download(kind: "csv" | "pdf"): void {
    const c = this.credentials;
    if (!c) return;
    const blob = kind === "csv" ? new Blob([c.csv.content], { type: c.csv.contentType }) : new Blob([base64Bytes(c.pdf.base64)], { type: c.pdf.contentType });
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = kind === "csv" ? c.csv.fileName : c.pdf.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.downloaded = new Set([...this.downloaded, kind]);
  }

  private onClose(): void {
    this.credentials = null; // the passwords are not kept once the dialog is closed
    this.resolve?.();
    this.resolve = null;
  }
}

function base64Bytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-credentials-dialog": KoCredentialsDialog;
  }
}
