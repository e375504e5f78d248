import { LitElement, html, nothing, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { QuestionStat } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";
import { chartStyles } from "./chart-styles.ts";
import { fmtPercent, fmtScore } from "./results-format.ts";

const W = 640;
const ROW = 30;
const LABEL = 170;
const VALUE = 150;

/** Per question: the average as a share of its points (inline SVG bars), success rate beside it; data as a table. */
@customElement("ko-chart-questions")
export class KoChartQuestions extends LitElement {
  static override styles = [base, chartStyles];

  @property({ attribute: false }) questions: QuestionStat[] = [];
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const scored = this.questions.some((q) => q.count > 0);
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      ${scored ? this.chart() : html`<p class="empty">${t("results.chart.noData")}</p>`}
      ${scored ? this.table() : nothing}
    </figure>`;
  }

  private chart() {
    const H = this.questions.length * ROW + 8;
    const barW = W - LABEL - VALUE;
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${t("results.chart.questionsLabel", { count: this.questions.length })} focusable="false">
      ${this.questions.map((q, i) => {
        const y = 4 + i * ROW;
        const share = q.average === null ? 0 : q.average / q.maxPoints;
        return svg`<g>
          <text x=${LABEL - 8} y=${y + 17} text-anchor="end">${q.path.length > 26 ? `…${q.path.slice(-25)}` : q.path}</text>
          <rect class="track" x=${LABEL} y=${y + 4} width=${barW} height=${ROW - 10} rx="3"></rect>
          <rect class=${share < 0.5 ? "bar low" : "bar"} x=${LABEL} y=${y + 4} width=${Math.max(0, share * barW)} height=${ROW - 10} rx="3"></rect>
          <text x=${LABEL + barW + 8} y=${y + 17}>${fmtScore(q.average)} / ${fmtScore(q.maxPoints)} · ${fmtPercent(q.successRate)}</text>
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
            <th scope="col">${t("results.chart.question")}</th>
            <th scope="col">${t("results.chart.average")}</th>
            <th scope="col">${t("results.chart.max")}</th>
            <th scope="col">${t("results.chart.successRate")}</th>
            <th scope="col">${t("results.chart.copies")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.questions.map(
            (q) => html`<tr>
              <th scope="row">${q.path}</th>
              <td>${fmtScore(q.average)}</td>
              <td>${fmtScore(q.maxPoints)}</td>
              <td>${fmtPercent(q.successRate)}</td>
              <td>${q.count}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-chart-questions": KoChartQuestions;
  }
}
