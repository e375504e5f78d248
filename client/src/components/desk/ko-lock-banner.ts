import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { CopyState } from '../../api/grading.ts';
import { LocaleController, t } from '../../i18n/i18n.ts';
import { alerts, base, buttons } from '../../styles/shared.ts';

export interface LockBannerInfo {
  /** someone else holds the copy: read-only here */
  lockedBy: string | null;
  /** a supervisor took the copy over from this user */
  takenOverBy: string | null;
  /** the user may not write this copy at all (supervisor, not dispatched, copy not READY) */
  readOnly: boolean;
  /** supervisors and admins may take a copy over */
  canTakeOver: boolean;
  copyState: CopyState;
  renderError: string | null;
  downloadUrl: string | null;
}

/** Why the desk is read-only, who holds the copy, and what finalizing became. */
@customElement('ko-lock-banner')
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
    if (i.copyState === 'FINALIZING') return this.banner('info', t('desk.banner.finalizing'));
    if (i.copyState === 'GRADED') {
      return this.banner(
        'success',
        t('desk.banner.graded'),
        i.downloadUrl ? html`<a class="btn btn-small" href=${i.downloadUrl} download>${t('desk.banner.download')}</a>` : nothing,
      );
    }
    if (i.copyState === 'RENDER_FAILED') return this.banner('error', t('desk.banner.renderFailed', { error: i.renderError ?? '' }));
    if (i.takenOverBy) return this.banner('warning', t('desk.banner.takenOver', { name: i.takenOverBy }), nothing, 'alert');
    if (i.lockedBy) {
      const takeover = i.canTakeOver
        ? html`<button class="btn btn-small" type="button" @click=${this.takeOver}>${t('desk.banner.takeOver')}</button>`
        : nothing;
      return this.banner('warning', t('desk.banner.lockedBy', { name: i.lockedBy }), takeover);
    }
    if (i.readOnly) return this.banner('info', t('desk.banner.readOnly'));
    return nothing;
  }

  private banner(kind: 'info' | 'success' | 'warning' | 'error', text: string, action: unknown = nothing, role = 'status') {
    return html`<div class="alert alert-${kind}" role=${role}><span>${text}</span>${action}</div>`;
  }

  private takeOver(): void {
    this.dispatchEvent(new CustomEvent('ko-takeover', { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ko-lock-banner': KoLockBanner;
  }
}
