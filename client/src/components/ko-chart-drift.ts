import { LitElement, css, html, nothing, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DriftQuestion } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";
import { chartStyles } from "./chart-styles.ts";
import { fmtPercent, fmtScore, fmtSigned } from "./results-format.ts";

const W = 640;
const ROW = 24;
const LABEL = 170;
const VALUE = 150;

/**
 * Per question, each grader's gap to the others' mean (points) with the interval of the alert test:
 * a dot and a line around zero, red when flagged, the alert threshold dashed; data as a table.
 */
@customElement("ko-chart-drift")
export class KoChartDrift extends LitElement {
  static override styles = [
    base,
    chartStyles,
    css`
      svg {
        max-width: 44rem;
      }
      .ci {
        stroke: var(--ko-color-primary);
        stroke-width: 2;
      }
      .dot {
        fill: var(--ko-color-primary);
      }
      .flagged .ci {
        stroke: #a8201a;
        stroke-width: 3;
      }
      .flagged .dot {
        fill: #a8201a;
      }
      .zero {
        stroke: var(--ko-color-text-muted);
        stroke-width: 1;
      }
      .limit {
        stroke: var(--ko-color-border-strong);
        stroke-dasharray: 4 3;
      }
      h3 {
        font-size: var(--ko-text-sm);
        margin: var(--ko-space-2) 0 0;
      }
      p.legend {
        font-size: var(--ko-text-sm);
        color: var(--ko-color-text-muted);
        margin: 0;
      }
    `,
  ];

  @property({ attribute: false }) questions: DriftQuestion[] = [];
  @property({ type: Number }) minCopies = 8;
  @property({ type: Number }) minShare = 0.1;
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const shown = this.questions.filter((q) => q.graders.length >= 2);
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      ${
        shown.length === 0
          ? html`<p class="empty">${t("drift.chart.noData")}</p>`
          : html`${shown.map((q) => this.chart(q))}
            <p class="legend">${t("drift.chart.legend", { minCopies: this.minCopies, share: fmtPercent(this.minShare) })}</p>
            ${this.table(shown)}`
      }
    </figure>`;
  }

  private chart(q: DriftQuestion) {
    const H = q.graders.length * ROW + 22;
    const plotW = W - LABEL - VALUE;
    const threshold = q.graders[0]?.threshold ?? 0;
    // symmetric scale around 0, wide enough for every interval and the threshold
    const span = Math.max(2 * threshold, ...q.graders.flatMap((g) => [Math.abs(g.low), Math.abs(g.high)])) * 1.05 || 1;
    const x = (v: number) => LABEL + plotW / 2 + (Math.max(-span, Math.min(span, v)) / span) * (plotW / 2);
    return html`<h3>${q.path} <span class="muted">/ ${fmtScore(q.maxPoints)}</span></h3>
      <svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${t("drift.chart.label", { count: q.graders.length, question: q.path })} focusable="false" data-question=${q.id}>
        <line class="zero" x1=${x(0)} x2=${x(0)} y1="2" y2=${H - 18}></line>
        <line class="limit" x1=${x(-threshold)} x2=${x(-threshold)} y1="2" y2=${H - 18}></line>
        <line class="limit" x1=${x(threshold)} x2=${x(threshold)} y1="2" y2=${H - 18}></line>
        <text class="muted" x=${x(-span)} y=${H - 4}>${fmtSigned(-Math.round(span * 10) / 10)}</text>
        <text class="muted" x=${x(0)} y=${H - 4} text-anchor="middle">0</text>
        <text class="muted" x=${x(span)} y=${H - 4} text-anchor="end">${fmtSigned(Math.round(span * 10) / 10)}</text>
        ${q.graders.map((g, i) => {
          const y = 4 + i * ROW + ROW / 2;
          return svg`<g class=${g.flagged ? "flagged" : ""} data-grader=${g.graderId}>
            <text x=${LABEL - 8} y=${y + 4} text-anchor="end">${g.displayName.length > 24 ? `${g.displayName.slice(0, 23)}…` : g.displayName}</text>
            <line class="ci" x1=${x(g.low)} x2=${x(g.high)} y1=${y} y2=${y}></line>
            <circle class="dot" cx=${x(g.gap)} cy=${y} r=${g.flagged ? 5 : 4}></circle>
            <text x=${LABEL + plotW + 8} y=${y + 4}>${fmtSigned(g.gap)} pt · ${g.copies}</text>
          </g>`;
        })}
      </svg>`;
  }

  private table(questions: DriftQuestion[]) {
    return html`<details>
      <summary>${t("results.chart.showData")}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">${t("results.chart.question")}</th>
            <th scope="col">${t("drift.chart.grader")}</th>
            <th scope="col">${t("drift.chart.copies")}</th>
            <th scope="col">${t("drift.chart.mean")}</th>
            <th scope="col">${t("drift.chart.others")}</th>
            <th scope="col">${t("drift.chart.gap")}</th>
            <th scope="col">${t("drift.chart.interval")}</th>
            <th scope="col">${t("drift.chart.flagged")}</th>
          </tr>
        </thead>
        <tbody>
          ${questions.flatMap((q) =>
            q.graders.map(
              (g) => html`<tr>
                <th scope="row">${q.path}</th>
                <td>${g.displayName}</td>
                <td>${g.copies}</td>
                <td>${fmtScore(g.mean)}</td>
                <td>${fmtScore(g.othersMean)}</td>
                <td>${fmtSigned(g.gap)}</td>
                <td>[${fmtScore(g.low)} ; ${fmtScore(g.high)}]</td>
                <td>${g.flagged ? t("drift.chart.yes") : t("drift.chart.no")}</td>
              </tr>`,
            ),
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-chart-drift": KoChartDrift;
  }
}
