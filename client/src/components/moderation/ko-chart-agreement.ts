import { LitElement, css, html, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { PairAgreement } from "../../api/moderation.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";
import { chartStyles } from "../chart-styles.ts";
import { fmtPercent, fmtScore, fmtSigned } from "../results-format.ts";

const W = 640;
const ROW = 26;
const LABEL = 220;
const VALUE = 170;

/**
 * Agreement between markers on double-marked copies: per question and pair of markers, the mean
 * absolute difference as a bar (on the scale of the question's points, the tolerance dashed), with
 * the share within tolerance and the item agreement beside it; the figures as a table.
 */
@customElement("ko-chart-agreement")
export class KoChartAgreement extends LitElement {
  static override styles = [
    base,
    chartStyles,
    css`
      svg {
        max-width: 44rem;
      }
      .bar.over {
        fill: #a8201a;
      }
      .limit {
        stroke: var(--ko-color-text-muted);
        stroke-dasharray: 4 3;
      }
      h3 {
        font-size: var(--ko-text-sm);
        margin: var(--ko-space-2) 0 0;
      }
    `,
  ];

  @property({ attribute: false }) pairs: PairAgreement[] = [];
  @property({ type: Number }) tolerance = 0.5;
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const questions = [...new Map(this.pairs.map((p) => [p.questionId, p])).values()];
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      ${
        this.pairs.length === 0
          ? html`<p class="empty">${t("agreement.none")}</p>`
          : html`${questions.map((q) =>
              this.chart(
                q,
                this.pairs.filter((p) => p.questionId === q.questionId),
              ),
            )} ${this.table()}`
      }
    </figure>`;
  }

  private chart(q: PairAgreement, pairs: PairAgreement[]) {
    const H = pairs.length * ROW + 22;
    const plotW = W - LABEL - VALUE;
    const span = Math.max(q.max / 2, this.tolerance * 2, ...pairs.map((p) => p.meanAbsDiff)) || 1;
    const x = (v: number) => LABEL + (Math.min(span, Math.max(0, v)) / span) * plotW;
    return html`<h3>${q.path} <span class="muted">/ ${fmtScore(q.max)}</span></h3>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${`${t("agreement.chart.label")} — ${q.path}`} focusable="false" data-question=${q.questionId}>
        <line class="limit" x1=${x(this.tolerance)} x2=${x(this.tolerance)} y1="2" y2=${H - 18}></line>
        <text class="muted" x=${LABEL} y=${H - 4}>0</text>
        <text class="muted" x=${x(this.tolerance)} y=${H - 4} text-anchor="middle">${fmtScore(this.tolerance)}</text>
        <text class="muted" x=${x(span)} y=${H - 4} text-anchor="end">${fmtScore(Math.round(span * 10) / 10)} pt</text>
        ${pairs.map((p, i) => {
          const y = 4 + i * ROW;
          const names = p.markerNames.join(" / ");
          return svg`<g data-pair=${p.markers.join("|")}>
            <text x=${LABEL - 8} y=${y + ROW / 2 + 4} text-anchor="end">${names.length > 30 ? `${names.slice(0, 29)}…` : names}</text>
            <rect class="track" x=${LABEL} y=${y + 4} width=${plotW} height=${ROW - 10}></rect>
            <rect class=${`bar ${p.meanAbsDiff > this.tolerance ? "over" : ""}`} x=${LABEL} y=${y + 4} width=${Math.max(1, x(p.meanAbsDiff) - LABEL)} height=${ROW - 10}></rect>
            <text x=${LABEL + plotW + 8} y=${y + ROW / 2 + 4}>${fmtScore(p.meanAbsDiff)} pt · ${fmtPercent(p.withinTolerance)}${p.items ? ` · ${fmtPercent(p.items.agreement)}` : ""}</text>
          </g>`;
        })}
      </svg>`;
  }

  private table() {
    return html`<details>
      <summary>${t("results.chart.showData")}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">${t("agreement.col.question")}</th>
            <th scope="col">${t("agreement.col.pair")}</th>
            <th scope="col">${t("agreement.col.copies")}</th>
            <th scope="col">${t("agreement.col.mad")}</th>
            <th scope="col">${t("agreement.col.signed")}</th>
            <th scope="col">${t("agreement.col.within")}</th>
            <th scope="col">${t("agreement.col.items")}</th>
            <th scope="col">${t("agreement.col.kappa")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.pairs.map(
            (p) => html`<tr>
              <th scope="row">${p.path}</th>
              <td>${p.markerNames.join(" / ")}</td>
              <td>${p.copies}</td>
              <td>${fmtScore(p.meanAbsDiff)}</td>
              <td>${fmtSigned(p.meanDiff)}</td>
              <td>${fmtPercent(p.withinTolerance)}</td>
              <td>${p.items ? fmtPercent(p.items.agreement) : t("agreement.none.items")}</td>
              <td>${p.items?.kappa != null ? fmtScore(p.items.kappa) : t("agreement.none.items")}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-chart-agreement": KoChartAgreement;
  }
}
