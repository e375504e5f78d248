import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { DriftAlert } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { deskPath } from "../router.ts";
import { alerts, base, buttons } from "../styles/shared.ts";
import { fmtScore } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";

/** Live drift alerts: who, which question, by how much, on how many copies; the copies one click away. */
@customElement("ko-drift-alerts")
export class KoDriftAlerts extends LitElement {
  static override styles = [
    base,
    buttons,
    alerts,
    resultsStyles,
    css`
      ul.alerts {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: var(--ko-space-3);
      }
      .alert-warning {
        background: var(--ko-color-warning-soft);
        border-color: #e3c36f;
        color: var(--ko-color-text);
      }
      .alert p {
        margin: 0 0 var(--ko-space-2);
      }
      .copies {
        margin-top: var(--ko-space-2);
      }
    `,
  ];

  @property({ attribute: false }) alerts: DriftAlert[] = [];
  /** the alert whose copies are shown: grader|question */
  @state() private open: string | null = null;

  private readonly locale = new LocaleController(this);

  override render() {
    if (this.alerts.length === 0) return html`<p class="muted" data-testid="drift-none">${t("drift.none")}</p>`;
    return html`<ul class="alerts" aria-label=${t("drift.alertsLabel")} aria-live="polite">
      ${this.alerts.map((a) => this.renderAlert(a))}
    </ul>`;
  }

  private renderAlert(a: DriftAlert) {
    const key = `${a.graderId}|${a.questionId}`;
    const shown = this.open === key;
    const vars = { name: a.displayName, question: a.questionPath };
    return html`<li class="alert alert-warning" data-testid="drift-alert" data-grader=${a.graderId} data-question=${a.questionId}>
      <p><strong>${t("drift.alert", { ...vars, direction: t(a.gap < 0 ? "drift.harsher" : "drift.kinder"), gap: fmtScore(Math.abs(a.gap)), max: fmtScore(a.maxPoints), copies: a.copies })}</strong></p>
      <p class="muted">${t("drift.interval", { low: fmtScore(a.low), high: fmtScore(a.high), mean: fmtScore(a.mean), others: fmtScore(a.othersMean), othersCopies: a.othersCopies })}</p>
      <button type="button" class="btn btn-small" aria-expanded=${shown ? "true" : "false"} @click=${() => (this.open = shown ? null : key)}>
        ${shown ? t("drift.hideCopies") : t("drift.showCopies", { count: a.copyList.length })}
      </button>
      ${
        shown
          ? html`<div class="table-wrap copies">
            <table data-testid="drift-copies">
              <caption>${t("drift.copiesCaption", vars)}</caption>
              <thead>
                <tr><th scope="col">${t("drift.code")}</th><th scope="col" class="num">${t("drift.score")}</th></tr>
              </thead>
              <tbody>
                ${a.copyList.map(
                  (c) => html`<tr>
                    <td><a href=${deskPath(c.id)} aria-label=${t("drift.open", { code: c.anonymousCode })}>${c.anonymousCode}</a></td>
                    <td class="num">${fmtScore(c.score)} / ${fmtScore(a.maxPoints)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : nothing
      }
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-drift-alerts": KoDriftAlerts;
  }
}
