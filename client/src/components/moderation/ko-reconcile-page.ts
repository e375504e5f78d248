import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/http.ts";
import { copyReconciliation, decide, type CopyReconciliation, type Decision, type ReconcileQuestion, type StaleDetails } from "../../api/moderation.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { resultsPaths } from "../../router.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { ReconcileLive } from "../../supervision/reconcile-live.ts";
import { fmtScore, fmtSigned } from "../results-format.ts";
import { resultsStyles } from "../results-styles.ts";

type Message = () => string;

/**
 * Reconciling one double-marked copy: per question both marks side by side, the difference and the
 * decision — keep a layer's mark, or set one with a comment. Another supervisor's decision arrives
 * live; a decision made on a version someone else changed meanwhile is refused and theirs shown.
 */
@customElement("ko-reconcile-page")
export class KoReconcilePage extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    forms,
    alerts,
    resultsStyles,
    css`
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      tr.pending {
        background: var(--ko-color-warning-soft, #fff4e5);
      }
      .far {
        color: #a8201a;
        font-weight: 650;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      form.mark {
        display: grid;
        gap: var(--ko-space-2);
        margin-top: var(--ko-space-2);
        max-width: 26rem;
      }
      form.mark label {
        display: grid;
        gap: var(--ko-space-1);
      }
      form.mark input[type='number'] {
        width: 7rem;
      }
      .decided {
        font-size: var(--ko-text-sm);
        color: var(--ko-color-text-muted);
      }
      .source {
        display: block;
        font-size: var(--ko-text-sm);
      }
    `,
  ];

  @property() examId = "";
  @property() copyId = "";
  @state() private view: CopyReconciliation | null = null;
  @state() private editing: string | null = null;
  @state() private busy: string | null = null;
  @state() private status: Message | null = null;
  @state() private error: Message | null = null;
  @state() private formError: Message | null = null;

  private readonly locale = new LocaleController(this);
  private live: ReconcileLive | null = null;

  // properties set before a lazy module upgraded the element are only restored by the first update
  override firstUpdated(): void {
    void this.load();
    this.live = new ReconcileLive(this.examId, (ids) => {
      if (ids === null || ids.includes(this.copyId)) void this.load(true);
    });
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

  focusInitial(): void {
    this.renderRoot.querySelector<HTMLElement>("h1")?.focus();
  }

  private async load(live = false): Promise<void> {
    try {
      const next = await copyReconciliation(this.copyId);
      const moved = live && this.view && next.questions.some((q) => q.version !== this.view!.questions.find((x) => x.questionId === q.questionId)?.version);
      this.view = next;
      if (moved) this.status = () => t("reconcile.liveUpdated");
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  private async send(q: ReconcileQuestion, decision: Decision): Promise<boolean> {
    this.busy = q.questionId;
    this.status = null;
    this.error = null;
    try {
      this.view = await decide(this.copyId, q.questionId, decision);
      this.status = () => t("reconcile.saved", { question: q.path });
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === "RECONCILIATION_STALE") {
        const cur = (e.details as StaleDetails | undefined)?.current;
        await this.load(); // the winner's decision is shown; the message says whose it is
        this.error = () =>
          t("reconcile.stale", {
            question: q.path,
            name: cur?.decidedBy ?? t("reconcile.someone"),
            source: t(`reconcile.source.${cur?.source ?? "PENDING"}`),
            mark: cur?.mark == null ? "—" : fmtScore(cur.mark),
          });
      } else {
        this.error = () => errorMessage(e);
      }
      return false;
    } finally {
      this.busy = null;
    }
  }

  private async submitMark(e: SubmitEvent, q: ReconcileQuestion): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const mark = Number(String(data.get("mark") ?? "").replace(",", "."));
    const comment = String(data.get("comment") ?? "").trim();
    if (!Number.isFinite(mark) || mark < 0 || mark > q.max || String(data.get("mark")).trim() === "") {
      this.formError = () => t("reconcile.markInvalid", { max: fmtScore(q.max) });
      return;
    }
    if (!comment) {
      this.formError = () => t("reconcile.commentRequired");
      return;
    }
    this.formError = null;
    if (await this.send(q, { expectedVersion: q.version, mark: Math.round(mark * 100) / 100, comment })) this.editing = null;
  }

  private openForm(q: ReconcileQuestion): void {
    this.editing = q.questionId;
    this.formError = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>(`form[data-question="${q.questionId}"] input[name="mark"]`)?.focus());
  }

  private closeForm(q: ReconcileQuestion): void {
    this.editing = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`tr[data-question="${q.questionId}"] [data-action="set"]`)?.focus());
  }

  override render() {
    const v = this.view;
    return html`<div class="page-head">
        <div>
          <h1 tabindex="-1">${v ? t("reconcile.pageTitle", { code: v.anonymousCode }) : t("reconcile.pageTitleShort")}</h1>
          ${v ? html`<p>${v.examTitle}</p>` : nothing}
        </div>
        <div class="actions"><a class="btn" href=${resultsPaths.supervisionExam(this.examId)}>${t("reconcile.back")}</a></div>
      </div>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${!v ? (this.error ? nothing : html`<p class="muted" role="status">${t("app.loading")}</p>`) : this.renderCopy(v)}`;
  }

  private renderCopy(v: CopyReconciliation) {
    if (v.status !== "DONE") return html`<p class="muted">${t("reconcile.notDone")}</p>`;
    return html`<p data-testid="summary">
        ${
          v.pending === 0
            ? t("reconcile.allAgreed", { total: fmtScore(v.total), max: fmtScore(v.max) })
            : t("reconcile.summary", {
                pending: v.pending,
                count: v.questions.length,
                tolerance: fmtScore(v.settings.tolerance),
                rule: t(`reconcile.rule.${v.settings.rule}`),
              })
        }
      </p>
      <p class="muted">${t("reconcile.keyboardHint")}</p>
      <div class="table-wrap card" role="region" aria-label=${t("reconcile.pageTitle", { code: v.anonymousCode })} tabindex="0">
        <table data-testid="reconcile-table">
          <thead>
            <tr>
              <th scope="col">${t("reconcile.col.question")}</th>
              <th scope="col" class="num">${t("reconcile.col.first")}</th>
              <th scope="col" class="num">${t("reconcile.col.second")}</th>
              <th scope="col" class="num">${t("reconcile.col.difference")}</th>
              <th scope="col" class="num">${t("reconcile.col.agreedMark")}</th>
              <th scope="col">${t("reconcile.col.decision")}</th>
            </tr>
          </thead>
          <tbody>
            ${v.questions.map((q) => this.row(v, q))}
          </tbody>
        </table>
      </div>`;
  }

  private row(v: CopyReconciliation, q: ReconcileQuestion) {
    const mark = (x: number | null) => (x === null ? html`<span class="muted">${t("reconcile.unmarked")}</span>` : html`${fmtScore(x)}`);
    const far = q.difference !== null && Math.abs(q.difference) > v.settings.tolerance + 1e-9;
    const busy = this.busy === q.questionId;
    return html`<tr data-question=${q.questionId} class=${q.state === "pending" ? "pending" : ""}>
      <th scope="row">${q.path} <span class="muted">/ ${fmtScore(q.max)}</span></th>
      <td class="num">${mark(q.first)}</td>
      <td class="num">${mark(q.second)}</td>
      <td class="num ${far ? "far" : ""}">${q.difference === null ? "—" : fmtSigned(q.difference)}</td>
      <td class="num" data-testid="agreed">${q.state === "pending" ? html`<strong>${t("reconcile.state.pending")}</strong>` : fmtScore(q.mark)}</td>
      <td>
        <span class="source" data-source=${q.source}>${t(`reconcile.source.${q.source}`)}${q.decidedBy ? html` <span class="decided">${t("reconcile.by", { name: q.decidedBy })}</span>` : nothing}</span>
        ${q.comment ? html`<q class="decided">${q.comment}</q>` : nothing}
        <div class="actions">
          ${
            q.first !== null
              ? html`<button class="btn btn-small" type="button" data-action="first" ?disabled=${busy} aria-label=${t("reconcile.pickFirstLabel", { question: q.path, mark: fmtScore(q.first) })}
                @click=${() => this.send(q, { expectedVersion: q.version, source: "FIRST" })}>${t("reconcile.pickFirst", { mark: fmtScore(q.first) })}</button>`
              : nothing
          }
          ${
            q.second !== null
              ? html`<button class="btn btn-small" type="button" data-action="second" ?disabled=${busy} aria-label=${t("reconcile.pickSecondLabel", { question: q.path, mark: fmtScore(q.second) })}
                @click=${() => this.send(q, { expectedVersion: q.version, source: "SECOND" })}>${t("reconcile.pickSecond", { mark: fmtScore(q.second) })}</button>`
              : nothing
          }
          <button class="btn btn-small" type="button" data-action="set" ?disabled=${busy} aria-expanded=${this.editing === q.questionId ? "true" : "false"} @click=${() => this.openForm(q)}>${t("reconcile.setMark")}</button>
        </div>
        ${this.editing === q.questionId ? this.markForm(q) : nothing}
      </td>
    </tr>`;
  }

  private markForm(q: ReconcileQuestion) {
    const id = `m-${q.questionId}`;
    return html`<form class="mark" data-question=${q.questionId} novalidate @submit=${(e: SubmitEvent) => this.submitMark(e, q)}
        @keydown=${(e: KeyboardEvent) => e.key === "Escape" && this.closeForm(q)}>
      <label for=${`${id}-mark`}>${t("reconcile.markLabel", { question: q.path, max: fmtScore(q.max) })}</label>
      <input id=${`${id}-mark`} name="mark" type="number" inputmode="decimal" min="0" max=${q.max} step="0.25" required />
      <label for=${`${id}-comment`}>${t("reconcile.commentLabel")}</label>
      <textarea id=${`${id}-comment`} name="comment" rows="2" maxlength="500" required></textarea>
      ${this.formError ? html`<p class="alert alert-error" role="alert">${this.formError()}</p>` : nothing}
      <div class="actions">
        <button class="btn btn-primary btn-small" type="submit" ?disabled=${this.busy === q.questionId}>${t("reconcile.confirmMark")}</button>
        <button class="btn btn-small" type="button" @click=${() => this.closeForm(q)}>${t("reconcile.cancel")}</button>
      </div>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-reconcile-page": KoReconcilePage;
  }
}
