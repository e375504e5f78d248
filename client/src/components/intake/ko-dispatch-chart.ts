import { LitElement, css, html, svg } from "lit";
import { customElement, property } from "lit/decorators.js";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";

export interface ChartRow {
  name: string;
  /** copies already dispatched */
  current: number;
  /** copies this dispatch would add */
  planned: number;
}

const BAR = 22;
const GAP = 10;
const LABEL = 180;
const WIDTH = 640;

/** Copies per grader as horizontal bars (inline SVG), with the same numbers in a table. */
@customElement("ko-dispatch-chart")
export class KoDispatchChart extends LitElement {
  static override styles = [
    base,
    intakeStyles,
    css`
      figure {
        margin: 0;
        display: grid;
        gap: var(--ko-space-3);
      }
      figcaption {
        font-weight: 650;
      }
      svg {
        width: 100%;
        max-width: 40rem;
        height: auto;
      }
      .legend {
        display: flex;
        gap: var(--ko-space-4);
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .swatch {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        margin-right: var(--ko-space-1);
        vertical-align: middle;
        border-radius: 2px;
        background: #1f4e8c;
      }
      .swatch.planned {
        background: #8fb0dc;
      }
      text {
        font-family: var(--ko-font);
        font-size: 13px;
        fill: #1b2430;
      }
    `,
  ];

  @property({ attribute: false }) rows: ChartRow[] = [];
  @property() caption = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const max = Math.max(1, ...this.rows.map((r) => r.current + r.planned));
    const scale = (n: number) => (n / max) * (WIDTH - LABEL - 50);
    const height = this.rows.length * (BAR + GAP) + GAP;
    const showPlanned = this.rows.some((r) => r.planned > 0);
    return html`<figure>
      <figcaption id="chart-caption">${this.caption}</figcaption>
      <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="chart-caption" focusable="false">
        ${this.rows.map((r, i) => {
          const y = GAP + i * (BAR + GAP);
          const cur = scale(r.current);
          const plan = scale(r.planned);
          return svg`<g>
            <text x=${LABEL - 8} y=${y + BAR / 2 + 4} text-anchor="end">${truncate(r.name)}</text>
            <rect x=${LABEL} y=${y} width=${cur} height=${BAR} rx="3" fill="#1f4e8c"></rect>
            <rect x=${LABEL + cur} y=${y} width=${plan} height=${BAR} rx="3" fill="#8fb0dc"></rect>
            <text x=${LABEL + cur + plan + 6} y=${y + BAR / 2 + 4}>${r.current + r.planned}</text>
          </g>`;
        })}
      </svg>
      ${
        showPlanned
          ? html`<p class="legend"><span><span class="swatch"></span>${t("intake.dispatch.current")}</span><span><span class="swatch planned"></span>${t("intake.dispatch.planned")}</span></p>`
          : ""
      }
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">${this.caption}</caption>
          <thead>
            <tr>
              <th scope="col">${t("intake.dispatch.grader")}</th>
              <th scope="col" class="num">${t("intake.dispatch.current")}</th>
              ${showPlanned ? html`<th scope="col" class="num">${t("intake.dispatch.planned")}</th>` : ""}
              <th scope="col" class="num">${t("intake.dispatch.totalCol")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.rows.map(
              (r) => html`<tr>
                <th scope="row">${r.name}</th>
                <td class="num">${r.current}</td>
                ${showPlanned ? html`<td class="num">+${r.planned}</td>` : ""}
                <td class="num"><strong>${r.current + r.planned}</strong></td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </figure>`;
  }
}

const truncate = (s: string) => (s.length > 24 ? `${s.slice(0, 23)}…` : s);

declare global {
  interface HTMLElementTagNameMap {
    "ko-dispatch-chart": KoDispatchChart;
  }
}
