import { LitElement, css, html, nothing, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { QuestionItemStats } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";
import { chartStyles } from "./chart-styles.ts";
import { fmtPercent, fmtSigned } from "./results-format.ts";

const W = 640;
const ROW = 26;
const LABEL = 230;
const VALUE = 110;

/** Per question graded with rubric items: the share of graded copies that got each item (inline SVG bars); data as a table. */
@customElement("ko-chart-items")
export class KoChartItems extends LitElement {
  static override styles = [
    base,
    chartStyles,
    css`
      h3 {
        margin: var(--ko-space-3) 0 0;
        font-size: var(--ko-text-md, 1rem);
      }
      svg {
        max-width: 48rem;
      }
      .graded {
        font-weight: 400;
        color: var(--ko-color-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) questions: QuestionItemStats[] = [];
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    return html`<figure>
      <figcaption>${this.caption}</figcaption>
      ${this.questions.length === 0 ? html`<p class="empty">${t("results.items.none")}</p>` : this.questions.map((q) => this.question(q))}
    </figure>`;
  }

  private question(q: QuestionItemStats) {
    return html`<section aria-label=${q.path}>
      <h3>${q.path} <span class="graded">· ${t("results.items.graded", { count: q.graded })}</span></h3>
      ${q.graded > 0 ? this.chart(q) : html`<p class="empty">${t("results.chart.noData")}</p>`}
      ${q.graded > 0 ? this.table(q) : nothing}
    </section>`;
  }

  private chart(q: QuestionItemStats) {
    const H = q.items.length * ROW + 8;
    const barW = W - LABEL - VALUE;
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${t("results.items.chartLabel", { question: q.path, count: q.items.length })} focusable="false">
      ${q.items.map((item, i) => {
        const y = 4 + i * ROW;
        const share = item.share ?? 0;
        const label = `${item.label} (${fmtSigned(item.points)})`;
        return svg`<g>
          <text x=${LABEL - 8} y=${y + 15} text-anchor="end">${label.length > 34 ? `${label.slice(0, 33)}…` : label}</text>
          <rect class="track" x=${LABEL} y=${y + 3} width=${barW} height=${ROW - 8} rx="3"></rect>
          <rect class="bar" x=${LABEL} y=${y + 3} width=${Math.max(0, share * barW)} height=${ROW - 8} rx="3"></rect>
          <text x=${LABEL + barW + 8} y=${y + 15}>${fmtPercent(item.share)} · ${item.count}</text>
        </g>`;
      })}
    </svg>`;
  }

  private table(q: QuestionItemStats) {
    return html`<details>
      <summary>${t("results.chart.showData")}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">${t("results.items.item")}</th>
            <th scope="col">${t("results.items.points")}</th>
            <th scope="col">${t("results.items.count")}</th>
            <th scope="col">${t("results.items.share")}</th>
          </tr>
        </thead>
        <tbody>
          ${q.items.map(
            (i) => html`<tr>
              <th scope="row">${i.label}</th>
              <td>${fmtSigned(i.points)}</td>
              <td>${i.count}</td>
              <td>${fmtPercent(i.share)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-chart-items": KoChartItems;
  }
}
