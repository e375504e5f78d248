import { LitElement, css, html } from "lit";
import { customElement, state } from "lit/decorators.js";
import { exportUrls, supervisedExams, type ExamOverview } from "../api/results.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import { fmtDate } from "./results-format.ts";

/** Admin: per exam, the marks as CSV (standard or Pronote) and the final PDFs as a ZIP. */
@customElement("ko-exports")
export class KoExports extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    css`
      ul {
        display: grid;
        gap: var(--ko-space-3);
        padding: 0;
        margin: 0;
        list-style: none;
      }
      li {
        display: grid;
        gap: var(--ko-space-3);
      }
      .downloads {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      .hint {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
    `,
  ];

  @state() private exams: ExamOverview[] | null = null;
  @state() private loadError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    return html`<div class="page-head"><div><h1 tabindex="-1">${t("exports.title")}</h1><p>${t("exports.intro")}</p></div></div>
      ${
        this.loadError
          ? html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`
          : !this.exams
            ? html`<p class="muted" role="status">${t("app.loading")}</p>`
            : this.exams.length === 0
              ? html`<div class="empty"><p>${t("supervision.noExams")}</p></div>`
              : html`<ul>
                ${this.exams.map((e) => {
                  const urls = exportUrls(e.id);
                  return html`<li class="card">
                    <div>
                      <h2>${e.title}</h2>
                      <p class="muted">${[e.subject, e.examDate ? fmtDate(e.examDate) : null].filter(Boolean).join(" · ")} · ${t("supervision.examCounts", { copies: e.copies, graded: e.graded, released: e.released })}</p>
                    </div>
                    <div class="downloads" role="group" aria-label=${t("exports.for", { title: e.title })}>
                      <a class="btn btn-primary" href=${urls.marks} download>${t("exports.marks")}<span class="visually-hidden"> — ${e.title}</span></a>
                      <a class="btn" href=${urls.pronote} download>${t("exports.pronote")}<span class="visually-hidden"> — ${e.title}</span></a>
                      <a class="btn" href=${urls.items} download>${t("exports.items")}<span class="visually-hidden"> — ${e.title}</span></a>
                      <a class="btn" href=${urls.pdfs} download>${t("exports.pdfs")}<span class="visually-hidden"> — ${e.title}</span></a>
                    </div>
                    <p class="hint">${t("exports.hint")} ${t("exports.itemsHint")}</p>
                  </li>`;
                })}
              </ul>`
      }`;
  }

  private async load(): Promise<void> {
    try {
      this.exams = await supervisedExams();
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exports": KoExports;
  }
}
