import { LitElement, html, nothing, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { DistributionBin } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";
import { chartStyles } from "./chart-styles.ts";
import { fmtScore } from "./results-format.ts";

const W = 640;
const H = 220;
const PAD = { left: 32, right: 8, top: 18, bottom: 28 };

/** Bar chart of the totals' distribution (inline SVG), with its data as a table. */
@customElement("ko-chart-distribution")
export class KoChartDistribution extends LitElement {
  static override styles = [base, chartStyles];

  @property({ attribute: false }) bins: DistributionBin[] = [];
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const total = this.bins.reduce((s, b) => s + b.count, 0);
    return html`<figure>
      <figcaption id="caption">${this.caption}</figcaption>
      ${total === 0 ? html`<p class="empty">${t("results.chart.noData")}</p>` : this.chart()}
      ${total === 0 ? nothing : this.table()}
    </figure>`;
  }

  private chart() {
    const max = Math.max(1, ...this.bins.map((b) => b.count));
    const plotW = W - PAD.left - PAD.right;
    const plotH = H - PAD.top - PAD.bottom;
    const step = plotW / this.bins.length;
    const labelEvery = Math.ceil(this.bins.length / 10);
    const label = t("results.chart.distributionLabel", { count: this.bins.reduce((s, b) => s + b.count, 0) });
    return html`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} focusable="false">
      <line class="axis" x1=${PAD.left} y1=${PAD.top + plotH} x2=${W - PAD.right} y2=${PAD.top + plotH}></line>
      ${this.bins.map((b, i) => {
        const h = (b.count / max) * plotH;
        const x = PAD.left + i * step;
        return svg`<g>
          <rect class="bar" x=${x + 2} y=${PAD.top + plotH - h} width=${Math.max(1, step - 4)} height=${h}></rect>
          ${b.count > 0 ? svg`<text x=${x + step / 2} y=${PAD.top + plotH - h - 4} text-anchor="middle">${b.count}</text>` : nothing}
          ${i % labelEvery === 0 ? svg`<text class="muted" x=${x} y=${H - 10} text-anchor="middle">${fmtScore(b.from)}</text>` : nothing}
        </g>`;
      })}
      <text class="muted" x=${W - PAD.right} y=${H - 10} text-anchor="end">${fmtScore(this.bins.at(-1)?.to)}</text>
    </svg>`;
  }

  private table() {
    return html`<details>
      <summary>${t("results.chart.showData")}</summary>
      <table>
        <thead><tr><th scope="col">${t("results.chart.range")}</th><th scope="col">${t("results.chart.copies")}</th></tr></thead>
        <tbody>
          ${this.bins.map(
            (b, i) => html`<tr>
              <th scope="row">${t(i === this.bins.length - 1 ? "results.chart.rangeLast" : "results.chart.rangeValue", { from: fmtScore(b.from), to: fmtScore(b.to) })}</th>
              <td>${b.count}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </details>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-chart-distribution": KoChartDistribution;
  }
}
