import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { portalCopy, type PortalCopyDetail, type ScoreRow } from "../api/results.ts";
import { loadPdf, renderPage } from "../desk/pdf-document.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { resultsPaths } from "../router.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import { fmtDate, fmtScore, fmtSigned } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";
import "./portal/ko-version-changes.ts";
import "./portal/ko-regrade-panel.ts";

/** Student: one released copy (its last released version) — marks per question with the rubric items and their feedback, comments, the annotated PDF, a download. */
@customElement("ko-portal-copy")
export class KoPortalCopy extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    resultsStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(18rem, 26rem) 1fr;
        gap: var(--ko-space-5);
        align-items: start;
      }
      @media (max-width: 900px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      tr.group th,
      tr.group td {
        font-weight: 650;
        background: var(--ko-color-surface-muted);
      }
      tr.depth-1 th {
        padding-left: var(--ko-space-5);
      }
      tr.depth-2 th {
        padding-left: var(--ko-space-7);
      }
      .comment {
        display: block;
        font-weight: 400;
        color: var(--ko-color-text-muted);
        font-style: italic;
        white-space: pre-wrap;
      }
      ul.items {
        list-style: none;
        margin: var(--ko-space-1) 0 0;
        padding: 0;
        font-weight: 400;
        display: grid;
        gap: var(--ko-space-1);
      }
      ul.items li {
        padding-left: var(--ko-space-3);
        border-left: 3px solid var(--ko-color-primary-soft);
      }
      .item-points {
        font-variant-numeric: tabular-nums;
        font-weight: 650;
        white-space: nowrap;
      }
      .feedback {
        display: block;
        color: var(--ko-color-text-muted);
        white-space: pre-wrap;
      }
      tfoot th,
      tfoot td {
        font-size: var(--ko-text-lg);
        font-weight: 700;
      }
      .general {
        margin-top: var(--ko-space-4);
        white-space: pre-wrap;
      }
      .pages {
        display: grid;
        gap: var(--ko-space-4);
      }
      .pages canvas {
        width: 100%;
        height: auto;
        background: #fff;
        box-shadow: var(--ko-shadow-sm);
      }
    `,
  ];

  @property() copyId = "";
  @state() private copy: PortalCopyDetail | null = null;
  @state() private loadError: (() => string) | null = null;
  @state() private pdfState: "loading" | "shown" | "failed" = "loading";
  @query(".pages") private pagesEl!: HTMLElement | null;

  private readonly locale = new LocaleController(this);
  private opened: string | null = null;
  private destroyPdf: (() => Promise<void>) | null = null;

  override willUpdate(): void {
    if (this.copyId === this.opened) return;
    this.opened = this.copyId;
    void this.load();
  }

  override disconnectedCallback(): void {
    void this.destroyPdf?.();
    this.destroyPdf = null;
    this.opened = null;
    super.disconnectedCallback();
  }

  override render() {
    if (this.loadError) {
      return html`<div class="page-head"><h1 tabindex="-1">${t("portal.copyTitle")}</h1></div>
        <div class="alert alert-error" role="alert">${this.loadError()}</div>
        <p><a href=${resultsPaths.portal}>${t("portal.back")}</a></p>`;
    }
    const c = this.copy;
    if (!c) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${c.exam.title}</h1>
          <p>${[c.exam.subject, c.exam.examDate ? fmtDate(c.exam.examDate) : null].filter(Boolean).join(" · ")} · ${t("portal.releasedOn", { date: fmtDate(c.releasedAt) })}${c.version && c.version > 1 ? html` · ${t("portal.version", { version: c.version })}` : nothing}</p>
        </div>
        <div class="actions">
          <a class="btn" href=${resultsPaths.portal}>${t("portal.back")}</a>
          ${c.pdf ? html`<a class="btn btn-primary" href=${c.pdf.downloadUrl} download>${t("portal.download")}</a>` : nothing}
        </div>
      </div>
      <ko-version-changes copy-id=${c.id}></ko-version-changes>
      <div class="layout">
        <section aria-labelledby="marks-title" class="card">
          <h2 id="marks-title">${t("portal.marks")}</h2>
          ${this.marks(c)}
          ${c.general ? html`<h3 class="general-title">${t("portal.general")}</h3><p class="general">${c.general}</p>` : nothing}
        </section>
        <section aria-labelledby="pdf-title">
          <h2 id="pdf-title">${t("portal.pdf")}</h2>
          ${
            c.pdf
              ? html`${this.pdfState === "loading" ? html`<p class="muted" role="status">${t("portal.pdfLoading")}</p>` : nothing}
                ${this.pdfState === "failed" ? html`<div class="alert alert-error" role="alert">${t("portal.pdfFailed")}</div>` : nothing}
                <div class="pages"></div>`
              : html`<div class="empty"><p>${t("portal.noPdf")}</p></div>`
          }
        </section>
      </div>
      <ko-regrade-panel .copy=${c}></ko-regrade-panel>
    `;
  }

  private marks(c: PortalCopyDetail) {
    return html`<table data-marks>
      <caption class="visually-hidden">${t("portal.marksCaption")}</caption>
      <thead>
        <tr><th scope="col">${t("portal.question")}</th><th scope="col" class="num">${t("portal.points")}</th></tr>
      </thead>
      <tbody>
        ${c.rows.map(
          (r) => html`<tr class="${r.group ? "group" : ""} depth-${Math.min(r.depth, 2)}">
            <th scope="row">${r.label}${r.comment ? html`<span class="comment">${r.comment}</span>` : nothing}${this.details(r)}</th>
            <td class="num">${fmtScore(r.points)} / ${fmtScore(r.max)}</td>
          </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr><th scope="row">${t("portal.total")}</th><td class="num">${fmtScore(c.total)} / ${fmtScore(c.maxPoints)}</td></tr>
      </tfoot>
    </table>`;
  }

  /** The rubric items that made the mark (with their feedback) and the adjustment with its reason. */
  private details(r: ScoreRow) {
    if (!r.items?.length && !r.adjustment) return nothing;
    return html`<ul class="items" aria-label=${t("portal.items")}>
      ${(r.items ?? []).map(
        (i) => html`<li>
          <span class="item-label">${i.label}</span> <span class="item-points">${fmtSigned(i.points)}</span>
          ${i.feedback ? html`<span class="feedback">${i.feedback}</span>` : nothing}
        </li>`,
      )}
      ${
        r.adjustment
          ? html`<li><span class="item-label">${t("portal.adjustment", { comment: r.adjustment.comment })}</span> <span class="item-points">${fmtSigned(r.adjustment.points)}</span></li>`
          : nothing
      }
    </ul>`;
  }

  private async load(): Promise<void> {
    this.loadError = null;
    this.copy = null;
    await this.destroyPdf?.();
    this.destroyPdf = null;
    try {
      this.copy = await portalCopy(this.copyId);
    } catch (error) {
      this.loadError = () => errorMessage(error);
      return;
    }
    await this.updateComplete;
    if (this.copy.pdf) await this.showPdf(this.copy.pdf.url);
  }

  /** pdf.js into a list of canvases, one per page (no iframe: the CSP forbids framing, and this stays accessible). */
  private async showPdf(url: string): Promise<void> {
    this.pdfState = "loading";
    const task = loadPdf(url);
    this.destroyPdf = task.destroy;
    try {
      const pdf = await task.promise;
      const host = this.pagesEl;
      if (!host) return;
      host.replaceChildren();
      const width = Math.min(host.clientWidth || 800, 1000);
      for (let i = 1; i <= pdf.numPages; i++) {
        const canvas = document.createElement("canvas");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", t("portal.pageOf", { page: i, count: pdf.numPages }));
        host.append(canvas);
        await renderPage(await pdf.getPage(i), canvas, width, 0);
      }
      this.pdfState = "shown";
    } catch {
      this.pdfState = "failed";
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-portal-copy": KoPortalCopy;
  }
}
