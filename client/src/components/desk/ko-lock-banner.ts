import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { CopyState } from "../../api/grading.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons } from "../../styles/shared.ts";

export interface LockBannerInfo {
  /** someone else holds the copy: read-only here */
  lockedBy: string | null;
  /** a supervisor took the copy over from this user */
  takenOverBy: string | null;
  /** the user may not write this copy at all (supervisor, not dispatched, copy not READY) */
  readOnly: boolean;
  /** supervisors and admins may take a copy over */
  canTakeOver: boolean;
  /** supervisors and admins may reopen a finalized copy and retry a failed render */
  canReopen: boolean;
  copyState: CopyState;
  renderError: string | null;
  downloadUrl: string | null;
}

/** Why the desk is read-only, who holds the copy, and what finalizing became (with a supervisor's reopen and retry). */
@customElement("ko-lock-banner")
export class KoLockBanner extends LitElement {
  static override styles = [
    base,
    buttons,
    alerts,
    css`
      :host {
        display: block;
      }
      .alert {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        justify-content: space-between;
        gap: var(--ko-space-3);
        border-radius: 0;
        border-width: 0 0 1px;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      .alert-warning {
        background: var(--ko-color-warning-soft);
        border-color: #f0d68a;
        color: #5c3900;
      }
    `,
  ];

  @property({ attribute: false }) info: LockBannerInfo | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    const i = this.info;
    if (!i) return nothing;
    if (i.copyState === "FINALIZING") return this.banner("info", t("desk.banner.finalizing"));
    if (i.copyState === "GRADED") {
      return this.banner(
        "success",
        t("desk.banner.graded"),
        html`<span class="actions">
          ${i.downloadUrl ? html`<a class="btn btn-small" href=${i.downloadUrl} download>${t("desk.banner.download")}</a>` : nothing}
          ${i.canReopen ? this.button("ko-reopen", t("desk.reopen")) : nothing}
        </span>`,
      );
    }
    if (i.copyState === "RENDER_FAILED") {
      if (!i.canReopen) return this.banner("error", t("desk.banner.renderFailed", { error: i.renderError ?? "" }));
      return this.banner(
        "error",
        t("desk.banner.renderFailedStaff", { error: i.renderError ?? "" }),
        html`<span class="actions">${this.button("ko-retry-render", t("desk.retryRender"))}${this.button("ko-reopen", t("desk.reopen"))}</span>`,
      );
    }
    if (i.takenOverBy) return this.banner("warning", t("desk.banner.takenOver", { name: i.takenOverBy }), nothing, "alert");
    if (i.lockedBy) {
      const takeover = i.canTakeOver
        ? html`<button class="btn btn-small" type="button" @click=${this.takeOver}>${t("desk.banner.takeOver")}</button>`
        : nothing;
      return this.banner("warning", t("desk.banner.lockedBy", { name: i.lockedBy }), takeover);
    }
    if (i.readOnly) return this.banner("info", t("desk.banner.readOnly"));
    return nothing;
  }

  private banner(kind: "info" | "success" | "warning" | "error", text: string, action: unknown = nothing, role = "status") {
    return html`<div class="alert alert-${kind}" role=${role}><span>${text}</span>${action}</div>`;
  }

  private button(event: "ko-reopen" | "ko-retry-render", label: string) {
    return html`<button class="btn btn-small" type="button" @click=${() => this.dispatchEvent(new CustomEvent(event, { bubbles: true, composed: true }))}>${label}</button>`;
  }

  private takeOver(): void {
    this.dispatchEvent(new CustomEvent("ko-takeover", { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-lock-banner": KoLockBanner;
  }
}
