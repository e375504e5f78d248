import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { COPY_STATES, examLocks, examStats, supervisedExams, type ExamOverview, type ExamStats, type FailedRender, type LockActivity } from "../api/results.ts";
import type { User } from "../api/types.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { deskPath, intakePaths, resultsPaths } from "../router.ts";
import { ExamLive } from "../supervision/exam-live.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import type { KoConfirmDialog } from "./ko-confirm-dialog.ts";
import "./ko-chart-distribution.ts";
import "./ko-chart-questions.ts";
import "./ko-chart-items.ts";
import "./ko-chart-drift.ts";
import "./ko-drift-alerts.ts";
import "./moderation/ko-second-markings.ts";
import "./ko-confirm-dialog.ts";
import "./ko-grader-progress.ts";
import "./ko-lock-list.ts";
import "./moderation/ko-moderation-panel.ts";
import "./regrade/ko-regrade-queue.ts";
import "./regrade/ko-regrade-settings.ts";
import { fmtDate, fmtSince, fmtScore, fmtTime } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";

type Message = () => string;

/** Supervisor's dashboard: the exams (no examId), or one exam's grading, live over Socket.IO. */
@customElement("ko-supervisor-dashboard")
export class KoSupervisorDashboard extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    resultsStyles,
    css`
      .live {
        display: inline-flex;
        align-items: center;
        gap: var(--ko-space-2);
        font-size: var(--ko-text-sm);
      }
      .dot {
        width: 0.6rem;
        height: 0.6rem;
        border-radius: 50%;
        background: var(--ko-color-border-strong);
      }
      .live.on .dot {
        background: var(--ko-color-success);
      }
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(22rem, 1fr));
        gap: var(--ko-space-5);
      }
      .exam-list {
        display: grid;
        gap: var(--ko-space-3);
        padding: 0;
        list-style: none;
      }
      .exam-list li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--ko-space-3);
      }
      .overall {
        margin-top: var(--ko-space-3);
        display: grid;
        gap: var(--ko-space-1);
      }
      .drift-chart {
        margin-top: var(--ko-space-3);
      }
      .failed-renders {
        margin-top: var(--ko-space-4);
      }
      .failed-renders .error {
        overflow-wrap: anywhere;
      }
    `,
  ];

  @property({ attribute: false }) user!: User;
  @property() examId: string | null = null;
  @state() private exams: ExamOverview[] | null = null;
  @state() private stats: ExamStats | null = null;
  @state() private loadError: Message | null = null;
  @state() private status: Message | null = null;
  @state() private actionError: Message | null = null;
  @state() private live = false;
  @state() private now = Date.now();
  @query("ko-confirm-dialog") private confirmDialog!: KoConfirmDialog;

  private readonly locale = new LocaleController(this);
  private link: ExamLive | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private locksTimer: ReturnType<typeof setTimeout> | null = null;
  private opened: string | null | undefined = undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // a local clock for "since …" and idle flags: re-renders only, never asks the server
    this.clock = setInterval(() => (this.now = Date.now()), 30_000);
  }

  override disconnectedCallback(): void {
    if (this.clock) clearInterval(this.clock);
    if (this.locksTimer) clearTimeout(this.locksTimer);
    this.link?.close();
    this.link = null;
    this.opened = undefined; // re-attached later: open again
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    if (this.examId === this.opened) return;
    this.opened = this.examId;
    void this.open();
  }

  override render() {
    return html`${this.examId ? this.renderExam() : this.renderList()}<ko-confirm-dialog></ko-confirm-dialog>`;
  }

  private async open(): Promise<void> {
    this.link?.close();
    this.link = null;
    this.stats = null;
    this.loadError = null;
    try {
      if (!this.examId) {
        this.exams = await supervisedExams();
        return;
      }
      const examId = this.examId;
      this.link = new ExamLive(examId, {
        stats: (s) => (this.stats = s),
        lockChanged: () => this.refreshLocks(),
        progress: (copies) => this.noteProgress(copies),
        connection: (on) => (this.live = on),
        resync: () => void this.reload(),
      });
      await this.reload();
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private async reload(): Promise<void> {
    if (!this.examId) return;
    const stats = await examStats(this.examId);
    if (stats.exam.id === this.examId) this.stats = stats;
  }

  /** Lock events come one by one: gather a burst into one read of the locks. */
  private refreshLocks(): void {
    if (this.locksTimer) return;
    this.locksTimer = setTimeout(async () => {
      this.locksTimer = null;
      if (!this.examId || !this.stats) return;
      try {
        const locks = await examLocks(this.examId);
        if (this.stats) this.stats = { ...this.stats, locks };
      } catch {
        // the next event or reconnection brings them again
      }
    }, 300);
  }

  private noteProgress(copies: { copyId: string; at: string }[]): void {
    if (!this.stats) return;
    const at = new Map(copies.map((c) => [c.copyId, c.at]));
    const locks: LockActivity[] = this.stats.locks.map((l) =>
      at.has(l.copyId) ? { ...l, lastEditAt: at.get(l.copyId)!, idleSince: at.get(l.copyId)!, idle: false } : l,
    );
    this.stats = { ...this.stats, locks };
    this.now = Date.now();
  }

  private renderList() {
    return html`<div class="page-head">
        <div>
          <h1 tabindex="-1">${t("supervision.title")}</h1>
          <p>${t("supervision.intro")}</p>
        </div>
      </div>
      ${
        this.loadError
          ? html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`
          : !this.exams
            ? html`<p class="muted" role="status">${t("app.loading")}</p>`
            : this.exams.length === 0
              ? html`<div class="empty"><p>${t("supervision.noExams")}</p></div>`
              : html`<ul class="exam-list">
                ${this.exams.map(
                  (e) => html`<li class="card">
                    <div>
                      <h2>${e.title}</h2>
                      <p class="muted">${[e.subject, e.examDate ? fmtDate(e.examDate) : null].filter(Boolean).join(" · ")}</p>
                      <p>${t("supervision.examCounts", { copies: e.copies, graded: e.graded, released: e.released })}</p>
                    </div>
                    <a class="btn btn-primary" href=${resultsPaths.supervisionExam(e.id)}>${t("supervision.open")}<span class="visually-hidden"> ${e.title}</span></a>
                  </li>`,
                )}
              </ul>`
      }`;
  }

  private renderExam() {
    if (this.loadError) return html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`;
    const s = this.stats;
    if (!s) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    const done = s.copies.byState.GRADED + s.copies.byState.FINALIZING + s.copies.byState.RENDER_FAILED;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${s.exam.title}</h1>
          <p>${[s.exam.subject, s.exam.examDate ? fmtDate(s.exam.examDate) : null].filter(Boolean).join(" · ")}</p>
        </div>
        <div class="actions">
          <span class="live ${this.live ? "on" : ""}" role="status"><span class="dot" aria-hidden="true"></span>${this.live ? t("supervision.live") : t("supervision.offline")}</span>
          <a class="btn" href=${intakePaths.examRubric(s.exam.id)}>${t("rubric.title")}</a>
          ${this.user.role === "ADMIN" ? html`<a class="btn" href=${resultsPaths.releaseExam(s.exam.id)}>${t("release.title")}</a>` : nothing}
        </div>
      </div>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.actionError?.() ?? nothing}</div>
      </div>
      <section aria-labelledby="copies-title">
        <h2 id="copies-title">${t("supervision.copies")}</h2>
        <dl class="tiles">
          <div class="tile"><dt>${t("supervision.total")}</dt><dd>${s.copies.total}</dd></div>
          ${COPY_STATES.map((st) => html`<div class="tile" data-state=${st}><dt>${t(`supervision.state.${st}`)}</dt><dd>${s.copies.byState[st]}</dd></div>`)}
          <div class="tile"><dt>${t("supervision.released")}</dt><dd>${s.copies.released}</dd></div>
        </dl>
        <div class="overall">
          <progress max=${Math.max(1, s.copies.total)} value=${done} aria-label=${t("supervision.overallProgress")}></progress>
          <p>
            ${t("supervision.doneOf", { done, total: s.copies.total })} ·
            ${s.pace.perHour === null ? t("supervision.noPace") : t("supervision.perHour", { value: fmtScore(s.pace.perHour) })} ·
            ${s.pace.remaining === 0 ? t("supervision.allDone") : s.pace.etaAt ? t("supervision.eta", { time: fmtTime(s.pace.etaAt) }) : t("supervision.noEta")}
          </p>
        </div>
        ${this.renderFailed(s.failedRenders ?? [], s.copies.byState.RENDER_FAILED)}
      </section>
      <section aria-labelledby="regrade-title" data-testid="regrade">
        <h2 id="regrade-title">${t("regrade.queue.title")}</h2>
        <ko-regrade-settings .examId=${s.exam.id}></ko-regrade-settings>
        <ko-regrade-queue .examId=${s.exam.id} ?canExport=${this.user.role === "ADMIN"}></ko-regrade-queue>
      </section>
      ${s.drift ? this.renderDrift(s) : nothing}
      <ko-second-markings .examId=${this.examId ?? ""}></ko-second-markings>
      <ko-moderation-panel .examId=${s.exam.id}></ko-moderation-panel>
      <section aria-labelledby="locks-title">
        <h2 id="locks-title">${t("supervision.locks.title")}</h2>
        <ko-lock-list .locks=${s.locks} .now=${this.now} ?canFree=${true} @ko-free-lock=${this.freeLock}></ko-lock-list>
      </section>
      <section aria-labelledby="graders-title">
        <h2 id="graders-title">${t("supervision.graders.title")}</h2>
        <ko-grader-progress .graders=${s.graders}></ko-grader-progress>
      </section>
      <section aria-labelledby="scores-title">
        <h2 id="scores-title">${t("supervision.scores.title")}</h2>
        <dl class="tiles">
          <div class="tile"><dt>${t("supervision.scores.count")}</dt><dd>${s.scores.count}</dd></div>
          <div class="tile"><dt>${t("supervision.scores.mean")}</dt><dd>${fmtScore(s.scores.mean)}</dd></div>
          <div class="tile"><dt>${t("supervision.scores.median")}</dt><dd>${fmtScore(s.scores.median)}</dd></div>
          <div class="tile"><dt>${t("supervision.scores.min")}</dt><dd>${fmtScore(s.scores.min)}</dd></div>
          <div class="tile"><dt>${t("supervision.scores.max")}</dt><dd>${fmtScore(s.scores.max)}</dd></div>
          <div class="tile"><dt>${t("supervision.scores.stdDev")}</dt><dd>${fmtScore(s.scores.stdDev)}</dd></div>
        </dl>
        ${
          s.scores.normalized && s.scores.variants?.length
            ? html`<p class="muted" data-testid="variant-scales">${t("supervision.scores.normalizedNote", { max: fmtScore(s.scores.maxPoints) })}
              ${s.scores.variants
                .map((v) =>
                  t("supervision.scores.variantLine", { variant: v.variant ?? "—", max: fmtScore(v.maxPoints), count: v.count, mean: fmtScore(v.mean) }),
                )
                .join(" · ")}</p>`
            : nothing
        }
        <div class="charts card">
          <ko-chart-distribution .bins=${s.scores.distribution}
            caption=${t(s.scores.normalized ? "supervision.scores.distributionNormalized" : "supervision.scores.distribution", { max: fmtScore(s.scores.maxPoints) })}></ko-chart-distribution>
          <ko-chart-questions .questions=${s.scores.questions} caption=${t("supervision.scores.questions")}></ko-chart-questions>
        </div>
      </section>
      ${
        s.items?.length
          ? html`<section aria-labelledby="items-title">
            <h2 id="items-title">${t("results.items.title")}</h2>
            <div class="charts card"><ko-chart-items .questions=${s.items} caption=${t("results.items.caption")}></ko-chart-items></div>
          </section>`
          : nothing
      }
    `;
  }

  /** Drift alerts first (they ask for action), then the chart of every grader's gap per question. */
  private renderDrift(s: ExamStats) {
    return html`<section aria-labelledby="drift-title" data-testid="drift">
      <h2 id="drift-title">${t("drift.title")}</h2>
      <p class="muted">${t("drift.intro")}</p>
      <ko-drift-alerts .alerts=${s.drift.alerts}></ko-drift-alerts>
      <div class="card drift-chart">
        <ko-chart-drift .questions=${s.drift.questions} .minCopies=${s.drift.minCopies} .minShare=${s.drift.minShare} caption=${t("drift.chart.caption")}></ko-chart-drift>
      </div>
    </section>`;
  }

  /** RENDER_FAILED copies: code (to the desk, where retry and reopen are), error, attempts. */
  private renderFailed(failed: FailedRender[], count: number) {
    if (failed.length === 0) return nothing;
    return html`<div class="table-wrap card failed-renders" role="region" aria-labelledby="failed-caption" tabindex="0">
      <table data-testid="failed-renders">
        <caption id="failed-caption">${t("supervision.failed.caption", { count })}</caption>
        <thead>
          <tr>
            <th scope="col">${t("supervision.failed.code")}</th>
            <th scope="col">${t("supervision.failed.error")}</th>
            <th scope="col" class="num">${t("supervision.failed.attempts")}</th>
            <th scope="col">${t("supervision.failed.since")}</th>
          </tr>
        </thead>
        <tbody>
          ${failed.map(
            (f) => html`<tr data-copy=${f.copyId}>
              <td><a href=${deskPath(f.copyId)} aria-label=${t("supervision.failed.open", { code: f.anonymousCode })}>${f.anonymousCode}</a></td>
              <td class="error">${f.error ?? "—"}</td>
              <td class="num">${f.attempts}</td>
              <td>${fmtSince(f.since, this.now)}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      ${count > failed.length ? html`<p class="muted">${t("supervision.failed.more", { count: count - failed.length })}</p>` : nothing}
    </div>`;
  }

  private freeLock = async (event: CustomEvent<LockActivity>): Promise<void> => {
    const lock = event.detail;
    this.status = null;
    this.actionError = null;
    const ok = await this.confirmDialog.ask({
      title: () => t("supervision.free.title", { code: lock.anonymousCode }),
      body: () => t("supervision.free.body", { name: lock.holder.displayName }),
      confirmLabel: () => t("supervision.locks.free"),
      danger: true,
    });
    if (!ok || !this.link) return;
    const ack = await this.link.freeLock(lock.copyId);
    if (ack.ok) this.status = () => t("supervision.free.done", { code: lock.anonymousCode });
    else this.actionError = () => t("supervision.free.failed", { reason: ack.message });
    this.refreshLocks();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-supervisor-dashboard": KoSupervisorDashboard;
  }
}
