import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { portalCopies, type PortalCopySummary } from "../api/results.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { resultsPaths } from "../router.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import { fmtDate, fmtScore } from "./results-format.ts";

/** Student: their released copies, newest first. */
@customElement("ko-portal-home")
export class KoPortalHome extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    css`
      ul {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: var(--ko-space-4);
        padding: 0;
        margin: 0;
        list-style: none;
      }
      li {
        display: grid;
        gap: var(--ko-space-2);
        align-content: start;
      }
      .score {
        font-size: var(--ko-text-2xl);
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .score small {
        font-size: var(--ko-text-md);
        color: var(--ko-color-text-muted);
        font-weight: 600;
      }
      li .btn {
        justify-self: start;
      }
    `,
  ];

  @state() private copies: PortalCopySummary[] | null = null;
  @state() private loadError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    return html`<div class="page-head"><div><h1 tabindex="-1">${t("portal.title")}</h1><p>${t("portal.intro")}</p></div></div>
      ${
        this.loadError
          ? html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`
          : !this.copies
            ? html`<p class="muted" role="status">${t("app.loading")}</p>`
            : this.copies.length === 0
              ? html`<div class="empty"><p>${t("portal.empty")}</p></div>`
              : html`<ul>
                ${this.copies.map(
                  (c) => html`<li class="card">
                    <h2>${c.exam.title}</h2>
                    <p class="muted">${[c.exam.subject, c.exam.examDate ? fmtDate(c.exam.examDate) : null].filter(Boolean).join(" · ")}</p>
                    <p class="score">${fmtScore(c.total)} <small>/ ${fmtScore(c.maxPoints)}</small></p>
                    <a class="btn btn-primary" href=${resultsPaths.portalCopy(c.id)}>${t("portal.open")}<span class="visually-hidden"> — ${c.exam.title}</span></a>
                  </li>`,
                )}
              </ul>`
      }`;
  }

  private async load(): Promise<void> {
    try {
      this.copies = await portalCopies();
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-portal-home": KoPortalHome;
  }
}
