import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  askRegrade,
  myRegradeRequests,
  withdrawRegrade,
  REGRADE_MESSAGE_MAX,
  type RegradeQuestion,
  type RegradeRequest,
  type RegradeWindow,
} from "../../api/regrade.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { fmtDate } from "../results-format.ts";
import { regradeStyles } from "./regrade-styles.ts";

const POLL_MS = 15_000;
const PENDING = new Set(["OPEN", "ACCEPTED"]);

/**
 * Student portal, one released copy: per question a "Demander une révision" button (within the
 * exam's window and cap) opening a form, and the student's requests with their answers. Statuses
 * refresh every 15 s while the page is visible (students have no live socket).
 */
@customElement("ko-regrade-panel")
export class KoRegradePanel extends LitElement {
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
        margin-top: var(--ko-space-5);
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
      td.act {
        text-align: right;
      }
      form {
        margin-top: var(--ko-space-4);
        padding: var(--ko-space-4);
        border: 1px solid var(--ko-color-border-strong);
        border-radius: var(--ko-radius);
      }
      h3 {
        margin-top: var(--ko-space-5);
      }
      ul.requests {
        list-style: none;
        padding: 0;
        margin: 0;
        display: grid;
        gap: var(--ko-space-3);
      }
      ul.requests li {
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        padding: var(--ko-space-3);
        display: grid;
        gap: var(--ko-space-2);
      }
      .head {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
        align-items: center;
        justify-content: space-between;
      }
      .answer {
        border-left: 3px solid var(--ko-color-primary-soft);
        padding-left: var(--ko-space-3);
      }
    `,
  ];

  /** the copy shown (its released version and its questions: `marks`) */
  @property({ attribute: false }) copy: { id: string; version: number | null; marks?: RegradeQuestion[] } | null = null;
  @state() private requests: RegradeRequest[] = [];
  @state() private window: RegradeWindow | null = null;
  @state() private asking: RegradeQuestion | null = null;
  @state() private draft = "";
  @state() private busy = false;
  @state() private status: (() => string) | null = null;
  @state() private error: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setInterval> | null = null;
  private loadedFor: string | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.timer = setInterval(() => {
      if (document.visibilityState === "visible") void this.load();
    }, POLL_MS);
    document.addEventListener("visibilitychange", this.onVisible);
  }

  override disconnectedCallback(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    document.removeEventListener("visibilitychange", this.onVisible);
    this.loadedFor = null;
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    if (!this.copy || this.copy.id === this.loadedFor) return;
    this.loadedFor = this.copy.id;
    void this.load();
  }

  private onVisible = () => {
    if (document.visibilityState === "visible") void this.load();
  };

  private async load(): Promise<void> {
    if (!this.copy) return;
    try {
      const r = await myRegradeRequests(this.copy.id);
      this.requests = r.requests;
      this.window = r.window;
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  override render() {
    if (!this.copy || !this.window) return nothing;
    if (!this.window.closesAt && this.requests.length === 0) return nothing; // the exam takes no requests: nothing to say
    const questions = this.copy.marks ?? [];
    return html`<section class="card" aria-labelledby="regrade-title" data-testid="regrade-panel">
      <h2 id="regrade-title">${t("regrade.title")}</h2>
      <p>${this.windowText(this.window)}</p>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${
        questions.length
          ? html`<table>
            <caption class="visually-hidden">${t("regrade.questionsCaption")}</caption>
            <thead><tr><th scope="col">${t("regrade.question")}</th><th scope="col">${t("regrade.state")}</th><th scope="col" class="act"><span class="visually-hidden">${t("regrade.ask")}</span></th></tr></thead>
            <tbody>${questions.map((q) => this.questionRow(q))}</tbody>
          </table>`
          : nothing
      }
      ${this.asking ? this.form(this.asking) : nothing}
      <h3>${t("regrade.listTitle")}</h3>
      ${
        this.requests.length === 0
          ? html`<p class="muted">${t("regrade.noRequests")}</p>`
          : html`<ul class="requests" aria-label=${t("regrade.listTitle")}>${this.requests.map((r) => this.requestItem(r))}</ul>`
      }
    </section>`;
  }

  private windowText(w: RegradeWindow): string {
    if (!w.closesAt) return t("regrade.closed");
    if (Date.now() > Date.parse(w.closesAt)) return t("regrade.over", { date: fmtDate(w.closesAt) });
    if (w.remaining === 0) return t("regrade.capReached", { max: w.max });
    return t("regrade.intro", { date: fmtDate(w.closesAt), remaining: w.remaining, max: w.max });
  }

  private questionRow(q: RegradeQuestion) {
    const last = this.requests.find((r) => r.questionId === q.questionId && r.status !== "WITHDRAWN");
    const pending = !!last && PENDING.has(last.status);
    const can = !!this.window?.open && !pending;
    return html`<tr data-question=${q.questionId}>
      <th scope="row" title=${q.path}>${q.label}</th>
      <td>${last ? html`<span class="status" data-status=${last.status}>${t(`regrade.status.${last.status}`)}</span>` : html`<span class="muted">${t("regrade.none")}</span>`}</td>
      <td class="act">
        ${
          can
            ? html`<button type="button" class="btn btn-small" data-ask=${q.questionId} aria-expanded=${String(this.asking?.questionId === q.questionId)}
              aria-label=${t("regrade.askFor", { question: q.path })} @click=${() => this.open(q)}>${t("regrade.ask")}</button>`
            : nothing
        }
      </td>
    </tr>`;
  }

  private form(q: RegradeQuestion) {
    const count = this.draft.trim().length;
    return html`<form @submit=${this.send} @keydown=${this.formKey} aria-labelledby="regrade-form-title">
      <h3 id="regrade-form-title">${t("regrade.formTitle", { question: q.path })}</h3>
      <div class="field">
        <label for="regrade-message">${t("regrade.message")}</label>
        <textarea id="regrade-message" maxlength=${REGRADE_MESSAGE_MAX} required aria-describedby="regrade-help regrade-count"
          .value=${this.draft} @input=${(e: Event) => (this.draft = (e.target as HTMLTextAreaElement).value)}></textarea>
        <span id="regrade-help" class="hint">${t("regrade.messageHelp")}</span>
        <span id="regrade-count" class="hint">${t("regrade.count", { count, max: REGRADE_MESSAGE_MAX })}</span>
      </div>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" ?disabled=${this.busy || count === 0}>${t("regrade.send")}</button>
        <button type="button" class="btn" @click=${this.cancel}>${t("regrade.cancel")}</button>
      </div>
    </form>`;
  }

  private requestItem(r: RegradeRequest) {
    const shown = this.copy?.version ?? 0;
    return html`<li data-request=${r.id} data-status=${r.status}>
      <div class="head">
        <strong>${r.questionLabel}</strong>
        <span class="status" data-status=${r.status}>${t(`regrade.status.${r.status}`)}</span>
      </div>
      <span class="muted">${t("regrade.askedOn", { date: fmtDate(r.createdAt) })}</span>
      <p class="text">${r.message}</p>
      ${r.answer ? html`<div class="answer"><strong>${t("regrade.answer")}</strong><p class="text">${r.answer}</p></div>` : nothing}
      ${r.status === "RESOLVED" && r.resolvedVersion ? this.resolution(r.fromVersion, r.resolvedVersion, shown) : nothing}
      ${r.status === "OPEN" ? html`<div><button type="button" class="btn btn-small" @click=${() => this.withdraw(r)}>${t("regrade.withdraw")}</button></div>` : nothing}
    </li>`;
  }

  /** A newer version than the one on screen: a way to it; otherwise what the review changed. */
  private resolution(from: number, resolved: number, shown: number) {
    if (resolved > shown) {
      return html`<p>${t("regrade.newVersion", { version: resolved })} <button type="button" class="btn btn-small" @click=${() => location.reload()}>${t("regrade.showVersion", { version: resolved })}</button></p>`;
    }
    return html`<p>${resolved === from ? t("regrade.unchanged") : t("regrade.resolvedIn", { version: resolved })}</p>`;
  }

  private async open(q: RegradeQuestion): Promise<void> {
    this.asking = q;
    this.draft = "";
    this.status = null;
    this.error = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLTextAreaElement>("#regrade-message")?.focus();
  }

  private cancel = async (): Promise<void> => {
    const id = this.asking?.questionId;
    this.asking = null;
    await this.updateComplete;
    if (id) this.renderRoot.querySelector<HTMLButtonElement>(`button[data-ask="${CSS.escape(id)}"]`)?.focus();
  };

  private formKey = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.preventDefault();
      void this.cancel();
    }
  };

  private send = async (e: Event): Promise<void> => {
    e.preventDefault();
    const q = this.asking;
    if (!q || !this.copy || this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      await askRegrade(this.copy.id, q.questionId, this.draft);
      this.asking = null;
      this.status = () => t("regrade.sent", { question: q.path });
      await this.load();
    } catch (err) {
      this.error = () => errorMessage(err);
    } finally {
      this.busy = false;
    }
  };

  private async withdraw(r: RegradeRequest): Promise<void> {
    this.status = null;
    this.error = null;
    try {
      await withdrawRegrade(r.id);
      this.status = () => t("regrade.withdrawn");
      await this.load();
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-regrade-panel": KoRegradePanel;
  }
}
