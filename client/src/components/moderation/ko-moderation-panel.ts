import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { agreement, reconciliations, saveModerationSettings, type AgreementReport, type ModerationRule, type ReconcileList } from "../../api/moderation.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { moderationPaths } from "../../router.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { ReconcileLive } from "../../supervision/reconcile-live.ts";
import { resultsStyles } from "../results-styles.ts";
import "./ko-chart-agreement.ts";

type Message = () => string;
const RULES: ModerationRule[] = ["MEAN", "FIRST", "HIGHER"];

/**
 * The exam dashboard's double-marking section: the automatic agreement rule (tolerance, rule),
 * the copies to reconcile (pending first) and the agreement statistics chart; live on
 * `reconciliation:changed`.
 */
@customElement("ko-moderation-panel")
export class KoModerationPanel extends LitElement {
  static override styles = [
    base,
    buttons,
    cards,
    alerts,
    forms,
    resultsStyles,
    css`
      form.settings {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-3);
        align-items: end;
      }
      form.settings label {
        display: grid;
        gap: var(--ko-space-1);
      }
      form.settings input {
        width: 7rem;
      }
      .pending {
        font-weight: 650;
        color: #a8201a;
      }
    `,
  ];

  @property() examId = "";
  @state() private list: ReconcileList | null = null;
  @state() private stats: AgreementReport | null = null;
  @state() private error: Message | null = null;
  @state() private saved: Message | null = null;
  @state() private busy = false;

  private readonly locale = new LocaleController(this);
  private live: ReconcileLive | null = null;

  // properties set before a lazy module upgraded the element are only restored by the first update
  override firstUpdated(): void {
    void this.load();
    this.live = new ReconcileLive(this.examId, () => void this.load());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.live) this.firstUpdated();
  }

  override disconnectedCallback(): void {
    this.live?.close();
    this.live = null;
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    try {
      [this.list, this.stats] = await Promise.all([reconciliations(this.examId), agreement(this.examId)]);
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  private async save(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    this.error = null;
    this.saved = null;
    try {
      this.list = await saveModerationSettings(this.examId, {
        tolerance: Number(String(data.get("tolerance")).replace(",", ".")),
        rule: data.get("rule") as ModerationRule,
      });
      this.saved = () => t("reconcile.settingsSaved");
      this.stats = await agreement(this.examId);
    } catch (err) {
      this.error = () => errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    if (!this.list) return this.error ? html`<div class="alert alert-error" role="alert">${this.error()}</div>` : nothing;
    const copies = [...this.list.copies].sort((a, b) => Number(b.pending > 0) - Number(a.pending > 0));
    return html`<section aria-labelledby="reconcile-title" data-testid="reconcile">
        <h2 id="reconcile-title">${t("reconcile.listTitle")}</h2>
        <p class="muted">${t("reconcile.listIntro")}</p>
        <div class="card">
          <h3>${t("reconcile.settingsTitle")}</h3>
          <form class="settings" @submit=${this.save}>
            <label>${t("reconcile.tolerance")}
              <input name="tolerance" type="number" min="0" max="100" step="0.25" required .value=${String(this.list.settings.tolerance)} />
            </label>
            <label>${t("reconcile.rule")}
              <select name="rule">
                ${RULES.map((r) => html`<option value=${r} ?selected=${r === this.list!.settings.rule}>${t(`reconcile.rule.${r}`)}</option>`)}
              </select>
            </label>
            <button class="btn" type="submit" ?disabled=${this.busy}>${t("reconcile.saveSettings")}</button>
          </form>
          <div class="alert alert-success" role="status">${this.saved?.() ?? nothing}</div>
          <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
        </div>
        ${
          copies.length === 0
            ? html`<p class="muted">${t("reconcile.listEmpty")}</p>`
            : html`<div class="table-wrap card" role="region" aria-labelledby="reconcile-title" tabindex="0">
              <table data-testid="reconcile-list">
                <thead>
                  <tr>
                    <th scope="col">${t("reconcile.col.code")}</th>
                    <th scope="col">${t("reconcile.col.status")}</th>
                    <th scope="col">${t("reconcile.col.pending")}</th>
                    <th scope="col">${t("reconcile.col.agreed")}</th>
                    <th scope="col">${t("reconcile.col.action")}</th>
                  </tr>
                </thead>
                <tbody>
                  ${copies.map(
                    (c) => html`<tr data-copy=${c.copyId}>
                      <th scope="row">${c.anonymousCode}</th>
                      <td>${t(`reconcile.status.${c.status}`)}</td>
                      <td class=${c.pending > 0 ? "pending" : ""}>${c.status === "DONE" ? c.pending : "—"}</td>
                      <td>${c.status === "DONE" ? `${c.agreed} / ${c.questions}` : "—"}</td>
                      <td>${
                        c.status === "DONE"
                          ? html`<a class="btn btn-small ${c.pending > 0 ? "btn-primary" : ""}" href=${moderationPaths.reconcile(this.examId, c.copyId)}>${t(c.pending > 0 ? "reconcile.open" : "reconcile.openDone", { code: c.anonymousCode })}</a>`
                          : nothing
                      }</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
        }
      </section>
      <section aria-labelledby="agreement-title" data-testid="agreement">
        <h2 id="agreement-title">${t("agreement.title")}</h2>
        <p class="muted">${t("agreement.intro", { tolerance: this.list.settings.tolerance })}</p>
        <div class="card"><ko-chart-agreement .pairs=${this.stats?.pairs ?? []} .tolerance=${this.stats?.tolerance ?? this.list.settings.tolerance} caption=${t("agreement.chart.label")}></ko-chart-agreement></div>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-moderation-panel": KoModerationPanel;
  }
}
