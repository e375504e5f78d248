import { LitElement, css, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { SaveStatus } from "../../desk/save-status.ts";
import { LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";

/** "Enregistré" only once the server acknowledged every change; announced politely. */
@customElement("ko-save-status")
export class KoSaveStatus extends LitElement {
  static override styles = [
    base,
    css`
      /* one height and a bounded width whatever it says: "Hors ligne — 3 modifications en attente"
         must neither wrap the desk's header nor move the page under it */
      :host {
        display: inline-flex;
        height: 2rem;
        max-width: 15rem;
        min-width: 0;
      }
      .status {
        display: inline-flex;
        align-items: center;
        height: 100%;
        max-width: 100%;
        min-width: 0;
        box-sizing: border-box;
        gap: var(--ko-space-2);
        padding: var(--ko-space-1) var(--ko-space-3);
        border-radius: 999px;
        font-size: var(--ko-text-sm);
        font-weight: 600;
        white-space: nowrap;
        line-height: 1;
      }
      .label {
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .dot {
        width: 0.625rem;
        height: 0.625rem;
        border-radius: 50%;
        background: currentColor;
        flex: none;
      }
      .saved {
        background: var(--ko-color-success-soft);
        color: var(--ko-color-success);
      }
      .saving,
      .connecting {
        background: var(--ko-color-primary-soft);
        color: var(--ko-color-primary-hover);
      }
      .saving .dot,
      .connecting .dot {
        animation: pulse 1s ease-in-out infinite alternate;
      }
      .offline {
        background: var(--ko-color-warning-soft);
        color: #7a4b00;
      }
      @keyframes pulse {
        from {
          opacity: 1;
        }
        to {
          opacity: 0.3;
        }
      }
    `,
  ];

  @property({ attribute: false }) status: SaveStatus = { kind: "connecting" };

  private readonly locale = new LocaleController(this);

  override render() {
    const label = this.label();
    return html`<span class="status ${this.status.kind}" role="status" data-status=${this.status.kind} title=${label}>
      <span class="dot" aria-hidden="true"></span><span class="label">${label}</span>
    </span>`;
  }

  private label(): string {
    const s = this.status;
    switch (s.kind) {
      case "saved":
        return t("desk.save.saved");
      case "saving":
        return t("desk.save.saving");
      case "connecting":
        return t("desk.save.connecting");
      case "offline":
        return s.pending === 0 ? t("desk.save.offlineNone") : tCount("desk.save.offline.one", s.pending);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-save-status": KoSaveStatus;
  }
}
