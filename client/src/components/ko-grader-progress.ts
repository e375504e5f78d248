import { LitElement, html } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { GraderProgress } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { base, cards } from "../styles/shared.ts";
import { fmtScore, fmtTime } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";

/** Per grader: copies dispatched and done, pace (copies/hour) and estimated completion. */
@customElement("ko-grader-progress")
export class KoGraderProgress extends LitElement {
  static override styles = [base, cards, resultsStyles];

  @property({ attribute: false }) graders: GraderProgress[] = [];

  private readonly locale = new LocaleController(this);

  override render() {
    if (this.graders.length === 0) return html`<div class="empty"><p>${t("supervision.graders.empty")}</p></div>`;
    return html`<div class="table-wrap card" role="region" aria-labelledby="graders-caption" tabindex="0">
      <table>
        <caption id="graders-caption">${t("supervision.graders.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">${t("supervision.graders.grader")}</th>
            <th scope="col">${t("supervision.graders.progress")}</th>
            <th scope="col" class="num">${t("supervision.graders.pace")}</th>
            <th scope="col" class="num">${t("supervision.graders.eta")}</th>
            <th scope="col" class="num">${t("supervision.graders.last")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.graders.map(
            (g) => html`<tr>
              <th scope="row">${g.displayName}</th>
              <td>
                <progress max=${Math.max(1, g.assigned)} value=${g.done} aria-label=${t("supervision.graders.progressOf", { name: g.displayName })}></progress>
                <span>${t("supervision.graders.doneOf", { done: g.done, total: g.assigned })}</span>
              </td>
              <td class="num">${g.perHour === null ? "—" : t("supervision.perHour", { value: fmtScore(g.perHour) })}</td>
              <td class="num">${g.assigned === 0 ? "—" : g.remaining === 0 ? t("supervision.graders.finished") : g.etaAt ? fmtTime(g.etaAt) : "—"}</td>
              <td class="num">${fmtTime(g.lastFinalizedAt)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-grader-progress": KoGraderProgress;
  }
}
