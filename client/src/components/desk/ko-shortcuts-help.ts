import { LitElement, css, html } from "lit";
import { customElement, query } from "lit/decorators.js";
import { SHORTCUTS } from "../../desk/shortcuts.ts";
import { LocaleController, t, type MessageKey } from "../../i18n/i18n.ts";
import { fr } from "../../i18n/fr.ts";
import { dialog } from "../../styles/dialog.ts";
import { base, buttons } from "../../styles/shared.ts";

/** The keyboard shortcuts of the desk (opened with "?"), read from the one shortcuts table. */
@customElement("ko-shortcuts-help")
export class KoShortcutsHelp extends LitElement {
  static override styles = [
    base,
    buttons,
    dialog,
    css`
      dialog {
        width: min(36rem, calc(100vw - 2rem));
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: var(--ko-text-sm);
      }
      th,
      td {
        padding: var(--ko-space-1) var(--ko-space-2);
        text-align: left;
        border-bottom: 1px solid var(--ko-color-border);
      }
      tbody th {
        font-weight: 400;
      }
      kbd {
        display: inline-block;
        min-width: 1.75rem;
        padding: 0.0625rem var(--ko-space-2);
        border: 1px solid var(--ko-color-border-strong);
        border-bottom-width: 2px;
        border-radius: var(--ko-radius-sm);
        background: var(--ko-color-surface-muted);
        font-family: var(--ko-font-mono);
        font-size: var(--ko-text-xs);
        text-align: center;
        white-space: nowrap;
      }
      .scroll {
        max-height: 60vh;
        overflow-y: auto;
      }
    `,
  ];

  @query("dialog") private dialogEl!: HTMLDialogElement;
  private readonly locale = new LocaleController(this);

  show(): void {
    if (this.dialogEl.open) return;
    this.dialogEl.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>(".close")?.focus();
  }

  override render() {
    return html`<dialog aria-labelledby="help-title">
      <div class="dialog-body">
        <h2 id="help-title">${t("desk.shortcuts")}</h2>
        <div class="scroll" role="region" aria-labelledby="help-title" tabindex="0">
          <table>
            <thead>
              <tr><th scope="col">${t("desk.help.action")}</th><th scope="col">${t("desk.help.keys")}</th></tr>
            </thead>
            <tbody>
              ${SHORTCUTS.map(
                (s) => html`<tr><th scope="row">${t(s.label)}</th><td><kbd>${s.display in fr ? t(s.display as MessageKey) : s.display}</kbd></td></tr>`,
              )}
            </tbody>
          </table>
        </div>
      </div>
      <div class="dialog-actions">
        <button class="btn btn-primary close" type="button" @click=${() => this.dialogEl.close()}>${t("desk.help.close")}</button>
      </div>
    </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-shortcuts-help": KoShortcutsHelp;
  }
}
