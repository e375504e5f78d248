import { LitElement, css, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Peer } from "../../realtime/presence.ts";
import { LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";

/** The others who have this copy open (a supervisor watching, another tab of a colleague). */
@customElement("ko-presence")
export class KoPresence extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
        align-items: center;
        gap: var(--ko-space-2);
        min-width: 0;
      }
      .who {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
        max-width: 16rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .elsewhere {
        padding: var(--ko-space-1) var(--ko-space-3);
        border-radius: 999px;
        background: var(--ko-color-warning-soft);
        color: #7a4b00;
        font-size: var(--ko-text-xs);
        font-weight: 600;
        white-space: nowrap;
        min-width: 0;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      ul {
        display: flex;
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li + li {
        margin-left: -0.5rem;
      }
      .avatar {
        display: grid;
        place-items: center;
        width: 2rem;
        height: 2rem;
        border-radius: 50%;
        border: 2px solid var(--ko-color-surface);
        background: #5b3c88;
        color: #fff;
        font-size: var(--ko-text-xs);
        font-weight: 700;
      }
      .avatar.SUPERVISOR,
      .avatar.ADMIN {
        background: #8a3b12;
      }
    `,
  ];

  @property({ attribute: false }) peers: Peer[] = [];
  /** the same user has the copy open in another tab or device */
  @property({ type: Boolean }) elsewhere = false;

  private readonly locale = new LocaleController(this);

  override render() {
    return html`${this.elsewhere ? html`<span class="elsewhere" role="status" data-elsewhere title=${t("desk.presence.elsewhereHint")}>${t("desk.presence.elsewhere")}</span>` : nothing}${this.renderPeers()}`;
  }

  private renderPeers() {
    if (this.peers.length === 0) return nothing;
    const names = this.peers.map((p) => `${p.displayName} (${t(`role.${p.role as "GRADER"}`)})`).join(", ");
    return html`<ul aria-hidden="true" title=${names}>
        ${this.peers.map((p) => html`<li><span class="avatar ${p.role}">${initials(p.displayName)}</span></li>`)}
      </ul>
      <span class="who">${tCount("desk.presence.one", this.peers.length, { names })}</span>`;
  }
}

function initials(name: string): string {
  const parts = name
    .replace(/^(M\.|Mme|Mlle)\s+/, "")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return parts.length > 1 ? `${parts[0]![0]}${parts[parts.length - 1]![0]}`.toUpperCase() : (parts[0]?.slice(0, 2) ?? "?").toUpperCase();
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-presence": KoPresence;
  }
}
