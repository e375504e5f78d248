import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { portalChanges, type ChangeReason, type PortalVersionChanges, type PortalVersionSummary } from "../../api/portal-changes.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { fmtDate, fmtScore } from "../results-format.ts";
import { resultsStyles } from "../results-styles.ts";

const REASON_KEY = {
  rubric: "versionChanges.reason.rubric",
  regrade: "versionChanges.reason.regrade",
  correction: "versionChanges.reason.correction",
} as const satisfies Record<ChangeReason, string>;

/** Student: what changed between the copy's current released version and an earlier one (per question, before → after, why), with both PDFs. Shows nothing for a copy released once. */
@customElement("ko-version-changes")
export class KoVersionChanges extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    forms,
    alerts,
    resultsStyles,
    css`
      :host {
        display: block;
      }
      :host([hidden]) {
        display: none;
      }
      .card {
        margin-bottom: var(--ko-space-5);
      }
      h2 {
        font-size: var(--ko-text-lg);
        margin: 0 0 var(--ko-space-3);
      }
      .chooser {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--ko-space-2);
        margin-bottom: var(--ko-space-3);
      }
      .chooser select {
        width: auto;
        min-width: 16rem;
      }
      .path {
        display: block;
        font-weight: 400;
        color: var(--ko-color-text-muted);
        font-size: var(--ko-text-xs);
      }
      .max-moved {
        display: block;
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .reasons {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-1);
      }
      .reasons .badge {
        white-space: normal;
      }
      .badge.rubric {
        background: var(--ko-color-primary-soft);
      }
      .badge.regrade {
        background: var(--ko-color-success-soft);
        color: var(--ko-color-success);
        border-color: #b5dcc3;
      }
      tfoot th,
      tfoot td {
        font-weight: 700;
      }
      .actions {
        margin-top: var(--ko-space-4);
      }
      .actions .btn {
        white-space: normal;
        max-width: 100%;
        text-align: left;
      }
      .sub {
        display: block;
        font-weight: 400;
        font-size: var(--ko-text-xs);
      }
      @media (max-width: 600px) {
        .card {
          padding: var(--ko-space-4);
        }
        th,
        td {
          padding: var(--ko-space-2) var(--ko-space-1);
        }
        .path {
          display: none;
        }
        .chooser select {
          min-width: 0;
          width: 100%;
        }
      }
    `,
  ];

  @property({ attribute: "copy-id" }) copyId = "";
  @state() private data: PortalVersionChanges | null = null;
  @state() private loading = false;
  @state() private loadError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private opened: string | null = null;

  override willUpdate(): void {
    if (this.copyId === this.opened) return;
    this.opened = this.copyId;
    this.data = null;
    void this.load();
  }

  override render() {
    const d = this.data;
    if (this.loadError) return html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`;
    if (!d || d.current === null || d.from === null || !d.total) return nothing;
    const current = d.versions.find((v) => v.number === d.current)!;
    const from = d.versions.find((v) => v.number === d.from)!;
    return html`<section class="card" aria-labelledby="changes-title" aria-busy=${this.loading ? "true" : "false"}>
      <h2 id="changes-title">${t("versionChanges.title", { version: current.number, date: fmtDate(current.releasedAt), from: from.number })}</h2>
      ${this.chooser(d, from)}
      <p class="visually-hidden" role="status">${this.loading ? t("versionChanges.loading") : ""}</p>
      ${d.changes.length ? this.table(d, from, current) : html`<div class="empty"><p>${t("versionChanges.none")}</p></div>`}
      <div class="actions">${[from, current].map((v) => this.pdfLink(v))}</div>
    </section>`;
  }

  private chooser(d: PortalVersionChanges, from: PortalVersionSummary) {
    const earlier = d.versions.filter((v) => v.number !== d.current);
    if (earlier.length < 2) return nothing;
    return html`<div class="chooser">
      <label for="from">${t("versionChanges.compareWith")}</label>
      <select id="from" .value=${String(from.number)} @change=${(e: Event) => void this.load(Number((e.target as HTMLSelectElement).value))}>
        ${earlier.map((v) => html`<option value=${v.number} ?selected=${v.number === from.number}>${t("versionChanges.option", { version: v.number, date: fmtDate(v.releasedAt) })}</option>`)}
      </select>
    </div>`;
  }

  private table(d: PortalVersionChanges, from: PortalVersionSummary, current: PortalVersionSummary) {
    const total = d.total!;
    return html`<div class="table-wrap">
      <table>
        <caption class="visually-hidden">${t("versionChanges.caption", { from: from.number, version: current.number })}</caption>
        <thead>
          <tr>
            <th scope="col">${t("versionChanges.question")}</th>
            <th scope="col" class="num">${t("versionChanges.before")}<span class="sub">${t("versionChanges.ofVersion", { version: from.number })}</span></th>
            <th scope="col" class="num">${t("versionChanges.after")}<span class="sub">${t("versionChanges.ofVersion", { version: current.number })}</span></th>
            <th scope="col">${t("versionChanges.reason")}</th>
          </tr>
        </thead>
        <tbody>
          ${d.changes.map(
            (c) => html`<tr>
              <th scope="row">${c.label}${c.path !== c.label ? html`<span class="path">${c.path}</span>` : nothing}</th>
              <td class="num">${fmtScore(c.before)} / ${fmtScore(c.maxBefore)}</td>
              <td class="num">
                ${fmtScore(c.after)} / ${fmtScore(c.max)}
                ${c.max !== c.maxBefore ? html`<span class="max-moved">${t("versionChanges.maxMoved", { before: fmtScore(c.maxBefore), after: fmtScore(c.max) })}</span>` : nothing}
              </td>
              <td><span class="reasons">${c.reasons.map((r) => html`<span class="badge ${r}">${t(REASON_KEY[r])}</span>`)}</span></td>
            </tr>`,
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">${t("versionChanges.total")}</th>
            <td class="num">${fmtScore(total.before)} / ${fmtScore(total.maxBefore)}</td>
            <td class="num">${fmtScore(total.after)} / ${fmtScore(total.maxAfter)}</td>
            <td></td>
          </tr>
        </tfoot>
      </table>
    </div>`;
  }

  private pdfLink(v: PortalVersionSummary) {
    return html`<a class="btn" href=${v.pdf.downloadUrl} download>
      ${t("versionChanges.downloadPdf", { version: v.number })}
      <span class="muted">(${t("versionChanges.pdfSize", { size: fmtScore(Math.max(1, Math.round(v.pdf.sizeBytes / 1024))) })})</span>
    </a>`;
  }

  private async load(from?: number): Promise<void> {
    const copyId = this.copyId;
    if (!copyId) return;
    this.loading = true;
    this.loadError = null;
    try {
      const data = await portalChanges(copyId, from);
      if (copyId === this.copyId) this.data = data;
    } catch (error) {
      if (copyId === this.copyId) this.loadError = () => errorMessage(error);
    } finally {
      this.loading = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-version-changes": KoVersionChanges;
  }
}
