import type { ServerPayload } from "../../../../collab/contract/socket/index.ts";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { answerRegrade, regradeExportUrl, regradeQueue, REGRADE_MESSAGE_MAX, type RegradeStaffRequest } from "../../api/regrade.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { gradingSocket } from "../../realtime/socket.ts";
import { deskPath } from "../../router.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { regradeStyles } from "../portal/regrade-styles.ts";
import { fmtDate } from "../results-format.ts";

const PENDING = new Set(["OPEN", "ACCEPTED"]);

/**
 * Staff: the regrade requests of one exam (supervisors' dashboard) or, without an exam, those on
 * the grader's copies across exams (their home). Each opens the desk at its question; an open one
 * is refused with a reason or accepted (the copy is reopened). Live: `regrade:changed` reloads it.
 */
@customElement("ko-regrade-queue")
export class KoRegradeQueue extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    forms,
    alerts,
    regradeStyles,
    css`
      :host {
        display: block;
      }
      .table-wrap {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: var(--ko-space-2);
        border-bottom: 1px solid var(--ko-color-border);
        vertical-align: top;
      }
      td.code,
      td.date {
        white-space: nowrap;
      }
      td.msg {
        min-width: 16rem;
        max-width: 32rem;
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      .tools {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-3);
        align-items: center;
        justify-content: space-between;
        margin-bottom: var(--ko-space-3);
      }
      tr.answering td {
        background: var(--ko-color-surface-muted);
      }
      .answer {
        margin-top: var(--ko-space-2);
        color: var(--ko-color-text-muted);
      }
    `,
  ];

  /** one exam's queue; empty: the signed-in grader's requests across exams */
  @property() examId = "";
  /** the office: a CSV export link */
  @property({ type: Boolean }) canExport = false;
  /** a grader's home: its own titled section, shown only while requests wait */
  @property({ type: Boolean }) titled = false;
  @state() private requests: RegradeStaffRequest[] | null = null;
  @state() private showAll = false;
  @state() private answering: { id: string; decision: "refuse" | "accept" } | null = null;
  @state() private draft = "";
  @state() private busy = false;
  @state() private status: (() => string) | null = null;
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private loadedFor: string | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    const s = gradingSocket();
    s.on("regrade:changed", this.onChanged);
    s.on("connect", this.onReconnect);
  }

  override disconnectedCallback(): void {
    const s = gradingSocket();
    s.off("regrade:changed", this.onChanged);
    s.off("connect", this.onReconnect);
    if (this.reloadTimer) clearTimeout(this.reloadTimer);
    this.loadedFor = null;
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    if (this.examId === this.loadedFor) return;
    this.loadedFor = this.examId;
    void this.load();
  }

  private onChanged = (e: ServerPayload<"regrade:changed">) => {
    if (this.examId && e.examId !== this.examId) return;
    // a burst (a release resolving many requests) is one reload
    if (this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      void this.load();
    }, 200);
  };

  /** after a disconnection, what happened meanwhile was missed */
  private onReconnect = () => void this.load();

  private async load(): Promise<void> {
    try {
      this.requests = await regradeQueue(this.examId || null);
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  override render() {
    const all = this.requests;
    const shown = all?.filter((r) => this.showAll || PENDING.has(r.status)) ?? [];
    if (this.titled) {
      // shown while requests wait, and while it tells what was just done (the last answer empties it)
      if (!all?.some((r) => PENDING.has(r.status)) && !this.status && !this.error) return nothing;
      return html`<section class="card" aria-labelledby="regrade-queue-title">
        <h2 id="regrade-queue-title">${t("regrade.queue.title")}</h2>
        ${this.body(all, shown)}
      </section>`;
    }
    return this.body(all, shown);
  }

  private body(all: RegradeStaffRequest[] | null, shown: RegradeStaffRequest[]) {
    return html`<div data-testid="regrade-queue">
      <div class="tools">
        <label class="checkbox"><input type="checkbox" .checked=${this.showAll} @change=${(e: Event) => (this.showAll = (e.target as HTMLInputElement).checked)} />${t("regrade.queue.showAll")}</label>
        ${this.canExport && this.examId ? html`<a class="btn btn-small" href=${regradeExportUrl(this.examId)} download>${t("regrade.queue.export")}</a>` : nothing}
      </div>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${
        !all
          ? html`<p class="muted" role="status">${t("app.loading")}</p>`
          : shown.length === 0
            ? html`<div class="empty"><p>${t("regrade.queue.empty")}</p></div>`
            : html`<div class="table-wrap ${this.titled ? "" : "card"}" role="region" aria-labelledby="regrade-caption" tabindex="0">
              <table>
                <caption id="regrade-caption" class="visually-hidden">${t("regrade.queue.caption", { count: shown.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">${t("regrade.queue.code")}</th>
                    ${this.examId ? nothing : html`<th scope="col">${t("regrade.queue.exam")}</th>`}
                    <th scope="col">${t("regrade.queue.question")}</th>
                    <th scope="col">${t("regrade.queue.message")}</th>
                    <th scope="col">${t("regrade.queue.status")}</th>
                    <th scope="col">${t("regrade.queue.asked")}</th>
                    <th scope="col">${t("regrade.queue.actions")}</th>
                  </tr>
                </thead>
                <tbody>${shown.map((r) => this.row(r))}</tbody>
              </table>
            </div>`
      }
    </div>`;
  }

  private row(r: RegradeStaffRequest) {
    const answering = this.answering?.id === r.id ? this.answering : null;
    const cols = this.examId ? 6 : 7;
    return html`<tr data-request=${r.id} data-status=${r.status} class=${answering ? "answering" : ""}>
        <td class="code"><a href=${`${deskPath(r.copyId)}?question=${encodeURIComponent(r.questionId)}`} aria-label=${t("regrade.queue.open", { code: r.anonymousCode, question: r.questionLabel })}>${r.anonymousCode}</a></td>
        ${this.examId ? nothing : html`<td>${r.examTitle}</td>`}
        <td>${r.questionLabel}</td>
        <td class="msg">
          <p class="text">${r.message}</p>
          ${r.answer ? html`<p class="text answer">${r.answer}${r.answeredBy ? html` — ${t("regrade.queue.answeredBy", { name: r.answeredBy })}` : nothing}</p>` : nothing}
        </td>
        <td><span class="status" data-status=${r.status}>${t(`regrade.status.${r.status}`)}</span></td>
        <td class="date">${fmtDate(r.createdAt)}</td>
        <td>
          ${
            r.status === "OPEN" && !answering
              ? html`<div class="actions">
                <button type="button" class="btn btn-small" data-refuse=${r.id} @click=${() => this.startAnswer(r, "refuse")}>${t("regrade.queue.refuse")}</button>
                <button type="button" class="btn btn-small btn-primary" data-accept=${r.id} @click=${() => this.startAnswer(r, "accept")}>${t("regrade.queue.accept")}</button>
              </div>`
              : nothing
          }
        </td>
      </tr>
      ${answering ? html`<tr class="answering"><td colspan=${cols}>${this.answerForm(r, answering.decision)}</td></tr>` : nothing}`;
  }

  private answerForm(r: RegradeStaffRequest, decision: "refuse" | "accept") {
    const refuse = decision === "refuse";
    const count = this.draft.trim().length;
    return html`<form @submit=${(e: Event) => this.send(e, r)} @keydown=${this.formKey} aria-label=${t("regrade.queue.answerFor", { code: r.anonymousCode, question: r.questionLabel })}>
      <div class="field">
        <label for="regrade-answer">${t(refuse ? "regrade.queue.reason" : "regrade.queue.note")}</label>
        <textarea id="regrade-answer" maxlength=${REGRADE_MESSAGE_MAX} ?required=${refuse} aria-describedby="regrade-answer-count"
          .value=${this.draft} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>
        <span id="regrade-answer-count" class="hint">${t("regrade.count", { count, max: REGRADE_MESSAGE_MAX })}</span>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn ${refuse ? "btn-danger" : "btn-primary"}" ?disabled=${this.busy || (refuse && count === 0)}>${t(refuse ? "regrade.queue.confirmRefuse" : "regrade.queue.confirmAccept")}</button>
        <button type="button" class="btn" @click=${this.cancel}>${t("regrade.cancel")}</button>
      </div>
    </form>`;
  }

  private async startAnswer(r: RegradeStaffRequest, decision: "refuse" | "accept"): Promise<void> {
    this.answering = { id: r.id, decision };
    this.draft = "";
    this.status = null;
    this.error = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>("#regrade-answer")?.focus();
  }

  private cancel = async (): Promise<void> => {
    const a = this.answering;
    this.answering = null;
    await this.updateComplete;
    if (a) this.renderRoot.querySelector<HTMLButtonElement>(`button[data-${a.decision}="${CSS.escape(a.id)}"]`)?.focus();
  };

  private formKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      void this.cancel();
    }
  };

  private async send(e: Event, r: RegradeStaffRequest): Promise<void> {
    e.preventDefault();
    const a = this.answering;
    if (!a || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const note = this.draft.trim();
      await answerRegrade(
        r.id,
        a.decision === "refuse" ? { decision: "refuse", reason: this.draft } : note ? { decision: "accept", note } : { decision: "accept" },
      );
      this.answering = null;
      this.status = () => (a.decision === "refuse" ? t("regrade.queue.refused") : t("regrade.queue.accepted", { code: r.anonymousCode }));
      await this.load();
    } catch (err) {
      this.error = () => errorMessage(err);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-regrade-queue": KoRegradeQueue;
  }
}
