import { LitElement, css, html } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import type { User } from "../api/types.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";

/** Account disclosure in the header: who is signed in, with which role, and sign-out. */
@customElement("ko-user-menu")
export class KoUserMenu extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        position: relative;
        display: inline-block;
      }
      .trigger {
        display: inline-flex;
        align-items: center;
        gap: var(--ko-space-3);
        min-height: max(2.5rem, var(--ko-touch-min));
        padding: var(--ko-space-1) var(--ko-space-3);
        border: 1px solid rgb(255 255 255 / 0.35);
        border-radius: var(--ko-radius);
        background: transparent;
        color: var(--ko-color-on-header);
        font: inherit;
        cursor: pointer;
        text-align: left;
      }
      .trigger:hover {
        background: rgb(255 255 255 / 0.1);
      }
      .trigger:focus-visible {
        outline: none;
        box-shadow: 0 0 0 3px #fff, 0 0 0 5px var(--ko-color-focus);
      }
      .avatar {
        display: grid;
        place-items: center;
        width: 2rem;
        height: 2rem;
        border-radius: 50%;
        background: #fff;
        color: var(--ko-color-header);
        font-weight: 700;
        font-size: var(--ko-text-sm);
        flex: none;
      }
      .who {
        display: grid;
        line-height: 1.2;
      }
      .name {
        font-weight: 600;
        font-size: var(--ko-text-sm);
        max-width: 14rem;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .role {
        font-size: var(--ko-text-xs);
        opacity: 0.9;
      }
      .chevron {
        width: 0.6rem;
        height: 0.6rem;
        border-right: 2px solid currentColor;
        border-bottom: 2px solid currentColor;
        transform: translateY(-25%) rotate(45deg);
      }
      .panel {
        position: absolute;
        right: 0;
        top: calc(100% + var(--ko-space-2));
        z-index: 10;
        min-width: 16rem;
        padding: var(--ko-space-2);
        background: var(--ko-color-surface);
        color: var(--ko-color-text);
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        box-shadow: var(--ko-shadow-lg);
      }
      .panel[hidden] {
        display: none;
      }
      .identity {
        padding: var(--ko-space-2) var(--ko-space-3) var(--ko-space-3);
        border-bottom: 1px solid var(--ko-color-border);
        margin-bottom: var(--ko-space-2);
        font-size: var(--ko-text-sm);
      }
      .identity strong {
        display: block;
      }
      .item {
        display: block;
        width: 100%;
        padding: var(--ko-space-2) var(--ko-space-3);
        border: 0;
        border-radius: var(--ko-radius-sm);
        background: none;
        color: var(--ko-color-text);
        font: inherit;
        font-size: var(--ko-text-sm);
        text-align: left;
        cursor: pointer;
      }
      .item:hover {
        background: var(--ko-color-primary-soft);
      }
      @media (max-width: 64rem) {
        .name {
          max-width: 10rem;
        }
      }
      /* Tablet header: avatar and chevron only; the panel tells who is signed in. */
      @media (max-width: 56rem) {
        .who {
          display: none;
        }
      }
    `,
  ];

  @property({ attribute: false }) user!: User;
  @state() private open = false;
  @query(".trigger") private trigger!: HTMLButtonElement;

  private readonly locale = new LocaleController(this);
  private readonly onDocumentClick = (event: MouseEvent) => {
    if (!event.composedPath().includes(this)) this.open = false;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener("click", this.onDocumentClick);
  }

  override disconnectedCallback(): void {
    document.removeEventListener("click", this.onDocumentClick);
    super.disconnectedCallback();
  }

  override render() {
    const { displayName, username, role } = this.user;
    return html`
      <button
        class="trigger"
        type="button"
        aria-expanded=${String(this.open)}
        aria-controls="account-panel"
        @click=${this.toggle}
        @keydown=${this.onKeydown}
      >
        <span class="avatar" aria-hidden="true">${initials(displayName || username)}</span>
        <span class="who">
          <span class="name">${displayName}</span>
          <span class="role">${t(`role.${role}`)}</span>
        </span>
        <span class="visually-hidden">${t("userMenu.label")}</span>
        <span class="chevron" aria-hidden="true"></span>
      </button>
      <div id="account-panel" class="panel" ?hidden=${!this.open} @keydown=${this.onKeydown}>
        <div class="identity">
          <strong>${displayName}</strong>
          <span class="muted">${username} · ${t(`role.${role}`)}</span>
        </div>
        <button class="item" type="button" @click=${this.signOut}>${t("userMenu.signOut")}</button>
      </div>
    `;
  }

  private async toggle(): Promise<void> {
    this.open = !this.open;
    if (!this.open) return;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(".item")?.focus();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key !== "Escape" || !this.open) return;
    this.open = false;
    this.trigger.focus();
  }

  private signOut(): void {
    this.open = false;
    this.dispatchEvent(new CustomEvent("ko-sign-out", { bubbles: true, composed: true }));
  }
}

function initials(name: string): string {
  // "M. Paul Martin" → "PM": a civility is not part of the name.
  const parts = name
    .trim()
    .replace(/^(M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?)\s+/i, "")
    .split(/\s+/)
    .filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts[parts.length - 1]] : [parts[0] ?? "?"];
  return letters.map((part) => (part ?? "").charAt(0).toUpperCase()).join("");
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-user-menu": KoUserMenu;
  }
}
