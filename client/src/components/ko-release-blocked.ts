import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { BlockedCopy } from "../api/results.ts";
import { LocaleController, t, tCount } from "../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../styles/shared.ts";

/**
 * The copies a release refused (scan-integrity gate), each with its reasons, and the override:
 * "release anyway" with a reason (≥ 5 characters, audited). Fires `override` {reason} or `dismiss`.
 */
@customElement("ko-release-blocked")
export class KoReleaseBlocked extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
      :host {
        display: block;
        margin-bottom: var(--ko-space-4);
      }
      .alert-warning {
        background: var(--ko-color-warning-soft);
        border-color: #e8c36a;
        color: var(--ko-color-text);
      }
      h2 {
        margin: 0 0 var(--ko-space-2);
        font-size: var(--ko-text-md, 1.125rem);
      }
      ul {
        margin: var(--ko-space-2) 0 var(--ko-space-3);
        padding-left: var(--ko-space-4);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
        margin-top: var(--ko-space-3);
      }
      textarea {
        width: 100%;
        min-height: 4rem;
        padding: var(--ko-space-2) var(--ko-space-3);
        border: 1px solid var(--ko-color-border-strong);
        border-radius: var(--ko-radius);
        font: inherit;
      }
    `,
  ];

  @property({ attribute: false }) blocked: BlockedCopy[] = [];
  @property({ type: Boolean }) busy = false;
  @state() private invalid = false;
  private readonly locale = new LocaleController(this);

  override render() {
    return html`<section class="alert alert-warning" aria-labelledby="blocked-title">
      <h2 id="blocked-title">${tCount("release.blocked.title.one", this.blocked.length)}</h2>
      <p>${t("release.blocked.intro")}</p>
      <ul>
        ${this.blocked.map((b) => html`<li><strong>${b.anonymousCode}</strong> — ${b.reasons.map((r) => reasonText(b, r)).join(" ; ")}</li>`)}
      </ul>
      <form novalidate @submit=${this.submit}>
        <div class="field">
          <label for="override-reason">${t("release.blocked.overrideLabel")}</label>
          <textarea id="override-reason" maxlength="500" aria-invalid=${String(this.invalid)}
            aria-describedby="override-hint ${this.invalid ? "override-error" : ""}"></textarea>
          <span class="hint" id="override-hint">${t("release.blocked.overrideHint")}</span>
          ${this.invalid ? html`<span class="field-error" id="override-error">${t("release.blocked.overrideInvalid")}</span>` : nothing}
        </div>
        <div class="actions">
          <button class="btn btn-danger" type="submit" aria-disabled=${String(this.busy)}>${t("release.blocked.override")}</button>
          <button class="btn" type="button" @click=${() => this.dispatchEvent(new CustomEvent("dismiss"))}>${t("release.blocked.dismiss")}</button>
        </div>
      </form>
    </section>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const field = this.renderRoot.querySelector<HTMLTextAreaElement>("#override-reason")!;
    const reason = field.value.trim();
    this.invalid = reason.length < 5;
    if (this.invalid) {
      field.focus();
      return;
    }
    this.dispatchEvent(new CustomEvent("override", { detail: { reason } }));
  }
}

function reasonText(b: BlockedCopy, reason: BlockedCopy["reasons"][number]): string {
  if (reason === "PAGES_MISSING" && b.missingPages?.length) return t("release.blocked.reason.BOOKLET_PAGES_MISSING", { list: b.missingPages.join(", ") });
  return reason === "PAGES_MISSING"
    ? t("release.blocked.reason.PAGES_MISSING", { pages: b.pages, expected: b.expectedPages ?? 0 })
    : t(`release.blocked.reason.${reason}`);
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-release-blocked": KoReleaseBlocked;
  }
}
