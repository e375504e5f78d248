import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { unreadNotices } from "../../api/notices.ts";
import { LocaleController, t, tCount } from "../../i18n/i18n.ts";
import { paths } from "../../router.ts";
import { base } from "../../styles/shared.ts";

/** The notices page opened (or changed what is read): the bell counts again. */
export const NOTICES_CHANGED = "ko-notices-changed";
const POLL_MS = 60_000;

/** Header link to the notices, with the number of unread ones; refreshed on navigation and every minute. */
@customElement("ko-notice-bell")
export class KoNoticeBell extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      a {
        position: relative;
        display: inline-grid;
        place-items: center;
        width: max(2.5rem, var(--ko-touch-min));
        height: max(2.5rem, var(--ko-touch-min));
        border: 1px solid rgb(255 255 255 / 0.35);
        border-radius: var(--ko-radius);
        color: var(--ko-color-on-header);
      }
      a:hover {
        background: rgb(255 255 255 / 0.1);
        color: var(--ko-color-on-header);
      }
      a:focus-visible {
        outline: none;
        box-shadow: 0 0 0 3px #fff, 0 0 0 5px var(--ko-color-focus);
      }
      svg {
        width: 1.25rem;
        height: 1.25rem;
      }
      .count {
        position: absolute;
        top: -0.4rem;
        right: -0.4rem;
        min-width: 1.25rem;
        height: 1.25rem;
        padding: 0 0.25rem;
        border-radius: 0.625rem;
        background: #ffd166;
        color: #14304f;
        font-size: var(--ko-text-xs);
        font-weight: 700;
        line-height: 1.25rem;
        text-align: center;
      }
    `,
  ];

  /** the current route: a navigation refreshes the count */
  @property({ attribute: false }) route = "";
  @state() private unread = 0;
  private timer: number | undefined;
  private readonly refreshNow = () => void this.refresh();
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = window.setInterval(this.refreshNow, POLL_MS);
    window.addEventListener(NOTICES_CHANGED, this.refreshNow);
  }

  override disconnectedCallback(): void {
    window.clearInterval(this.timer);
    window.removeEventListener(NOTICES_CHANGED, this.refreshNow);
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("route")) void this.refresh();
  }

  override render() {
    const label = this.unread ? tCount("notices.bellUnread.one", this.unread) : t("notices.bell");
    return html`<a href=${paths.notices} aria-label=${label} title=${label} aria-current=${this.route === "notices" ? "page" : nothing}>
      <svg viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
        <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9"></path>
        <path d="M13.7 21a2 2 0 0 1-3.4 0"></path>
      </svg>
      ${this.unread ? html`<span class="count" aria-hidden="true">${this.unread > 99 ? "99+" : this.unread}</span>` : nothing}
    </a>`;
  }

  private async refresh(): Promise<void> {
    try {
      this.unread = (await unreadNotices()).unread;
    } catch {
      // offline or signed out: the count waits for the next try
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-notice-bell": KoNoticeBell;
  }
}
