import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { reopenCopy, retryRender } from "../api/render-actions.ts";
import { ApiError } from "../api/http.ts";
import {
  blockedCopies,
  releaseCopies,
  releaseOverview,
  supervisedExams,
  unreleaseCopies,
  type BlockedCopy,
  type ExamOverview,
  type ReleaseCopy,
} from "../api/results.ts";
import { LocaleController, errorMessage, t, tCount } from "../i18n/i18n.ts";
import { deskPath, resultsPaths } from "../router.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import type { KoConfirmDialog } from "./ko-confirm-dialog.ts";
import "./ko-confirm-dialog.ts";
import "./ko-release-blocked.ts";
import { fmtDate, fmtScore } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";

type Message = () => string;

/**
 * Admin: release an exam's graded copies to their students (all or a selection), or unrelease; a
 * failed render shows its error and can be retried, a finalized copy can be reopened for grading.
 */
@customElement("ko-release")
export class KoRelease extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    resultsStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
        margin-bottom: var(--ko-space-4);
      }
      input[type='checkbox'] {
        width: 1.125rem;
        height: 1.125rem;
        accent-color: var(--ko-color-primary);
      }
      .exam-list {
        display: grid;
        gap: var(--ko-space-3);
        padding: 0;
        list-style: none;
      }
      .render-error {
        display: block;
        max-width: 28rem;
        margin-top: var(--ko-space-1);
        color: var(--ko-color-danger);
        font-size: 0.875rem;
        overflow-wrap: anywhere;
      }
      th[scope='row'] a {
        white-space: nowrap;
      }
      .row-actions {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      .exam-list li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: var(--ko-space-3);
      }
    `,
  ];

  @property() examId: string | null = null;
  @state() private exams: ExamOverview[] | null = null;
  @state() private exam: { id: string; title: string } | null = null;
  @state() private copies: ReleaseCopy[] | null = null;
  @state() private selected = new Set<string>();
  @state() private busy = false;
  @state() private loadError: Message | null = null;
  @state() private status: Message | null = null;
  @state() private actionError: Message | null = null;
  /** the last release refused by the scan-integrity gate: its copies and the selection it was asked for */
  @state() private blocked: { copies: BlockedCopy[]; copyIds: string[] | undefined } | null = null;
  @query("ko-confirm-dialog") private confirmDialog!: KoConfirmDialog;

  private readonly locale = new LocaleController(this);
  private opened: string | null | undefined = undefined;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private polls = 0;

  override disconnectedCallback(): void {
    this.stopPolling();
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    if (this.examId === this.opened) return;
    this.opened = this.examId;
    this.selected = new Set();
    this.blocked = null;
    this.stopPolling();
    this.polls = 0;
    void this.load();
  }

  override render() {
    return html`${this.examId ? this.renderExam() : this.renderList()}<ko-confirm-dialog></ko-confirm-dialog>`;
  }

  private async load(): Promise<void> {
    this.loadError = null;
    try {
      if (!this.examId) {
        this.exams = await supervisedExams();
        return;
      }
      const examId = this.examId;
      const r = await releaseOverview(examId);
      if (examId !== this.examId) return;
      this.exam = r.exam;
      this.copies = r.copies;
      this.followRenders();
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  /** While a PDF is being produced (a retried render, a fresh finalize), the table follows it. */
  private followRenders(): void {
    this.stopPolling();
    if (!this.copies?.some((c) => c.state === "FINALIZING") || this.polls >= 200) return;
    this.polls++;
    this.pollTimer = setTimeout(() => void this.load(), 1500);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private renderList() {
    return html`<div class="page-head"><div><h1 tabindex="-1">${t("release.title")}</h1><p>${t("release.intro")}</p></div></div>
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
                      <p>${t("supervision.examCounts", { copies: e.copies, graded: e.graded, released: e.released })}</p>
                    </div>
                    <a class="btn btn-primary" href=${resultsPaths.releaseExam(e.id)}>${t("release.manage")}<span class="visually-hidden"> ${e.title}</span></a>
                  </li>`,
                )}
              </ul>`
      }`;
  }

  private renderExam() {
    if (this.loadError) return html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`;
    if (!this.copies || !this.exam) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    const graded = this.copies.filter((c) => c.state === "GRADED");
    const releasable = graded.filter((c) => !c.releasedAt || c.changedSinceRelease).length;
    const sel = [...this.selected];
    const selReleasable = this.copies.filter((c) => this.selected.has(c.id) && c.state === "GRADED" && (!c.releasedAt || c.changedSinceRelease)).length;
    const selReleased = this.copies.filter((c) => this.selected.has(c.id) && c.releasedAt).length;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("release.examTitle", { title: this.exam.title })}</h1>
          <p>${t("release.summary", { graded: graded.length, released: this.copies.filter((c) => c.releasedAt).length, total: this.copies.length })}</p>
        </div>
        <div class="actions">
          <a class="btn" href=${resultsPaths.supervisionExam(this.exam.id)}>${t("release.toDashboard")}</a>
          <a class="btn" href=${resultsPaths.exports}>${t("exports.title")}</a>
        </div>
      </div>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.actionError?.() ?? nothing}</div>
      </div>
      ${
        this.blocked
          ? html`<ko-release-blocked .blocked=${this.blocked.copies} ?busy=${this.busy}
            @override=${(e: CustomEvent<{ reason: string }>) => void this.override(e.detail.reason)} @dismiss=${() => (this.blocked = null)}></ko-release-blocked>`
          : nothing
      }
      <div class="toolbar" role="group" aria-label=${t("release.actions")}>
        <button class="btn btn-primary" type="button" ?disabled=${this.busy || releasable === 0} @click=${() => this.act("release", undefined, releasable)}>
          ${t("release.releaseAll", { count: releasable })}
        </button>
        <button class="btn" type="button" ?disabled=${this.busy || selReleasable === 0} @click=${() => this.act("release", sel, selReleasable)}>
          ${t("release.releaseSelected", { count: selReleasable })}
        </button>
        <button class="btn" type="button" ?disabled=${this.busy || selReleased === 0} @click=${() => this.act("unrelease", sel, selReleased)}>
          ${t("release.unreleaseSelected", { count: selReleased })}
        </button>
      </div>
      <div class="table-wrap card" role="region" aria-labelledby="release-caption" tabindex="0">
        <table>
          <caption id="release-caption">${t("release.caption", { count: this.copies.length })}</caption>
          <thead>
            <tr>
              <th scope="col"><input type="checkbox" aria-label=${t("release.selectAll")} .checked=${sel.length > 0 && sel.length === this.selectable().length} @change=${this.toggleAll} /></th>
              <th scope="col">${t("release.col.code")}</th>
              <th scope="col">${t("release.col.student")}</th>
              <th scope="col">${t("release.col.state")}</th>
              <th scope="col" class="num">${t("release.col.total")}</th>
              <th scope="col">${t("release.col.released")}</th>
              <th scope="col">${t("release.col.actions")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.copies.map((c) => this.row(c))}
          </tbody>
        </table>
      </div>
    `;
  }

  private row(c: ReleaseCopy) {
    const who = c.student ? `${c.student.lastName} ${c.student.firstName}` : t("release.unidentified");
    const selectable = c.state === "GRADED" || !!c.releasedAt;
    return html`<tr>
      <td>
        ${
          selectable
            ? html`<input type="checkbox" aria-label=${t("release.select", { code: c.anonymousCode })} .checked=${this.selected.has(c.id)} @change=${() => this.toggle(c.id)} />`
            : nothing
        }
      </td>
      <th scope="row">
        ${
          c.state === "STAGING"
            ? c.anonymousCode
            : html`<a href=${deskPath(c.id)} aria-label=${t("release.openDesk", { code: c.anonymousCode })}>${c.anonymousCode}</a>`
        }
      </th>
      <td>${who}${c.student?.className ? html` <span class="muted">(${c.student.className})</span>` : nothing}</td>
      <td>
        <span class="badge ${c.state === "GRADED" ? "ok" : c.state === "RENDER_FAILED" ? "bad" : ""}">${t(`release.state.${c.state}`)}</span>
        ${c.state === "RENDER_FAILED" && c.renderError ? html`<span class="render-error">${t("release.renderError", { error: c.renderError })}</span>` : nothing}
      </td>
      <td class="num">${c.total === null ? "—" : `${fmtScore(c.total)} / ${fmtScore(c.maxPoints)}`}</td>
      <td>
        ${c.releasedAt ? html`<span class="badge ok">${t("release.releasedOn", { date: fmtDate(c.releasedAt) })}</span>` : html`<span class="muted">${t("release.notReleased")}</span>`}
        ${c.releasedVersion && c.releasedVersion.number > 1 ? html` <span class="muted">${t("portal.version", { version: c.releasedVersion.number })}</span>` : nothing}
        ${
          c.changedSinceRelease && c.releasedVersion
            ? html`<span class="badge warn">${t("release.changedSince", { total: fmtScore(c.releasedVersion.total) })}</span>`
            : nothing
        }
      </td>
      <td>
        <div class="row-actions">
          ${
            c.state === "RENDER_FAILED"
              ? html`<button class="btn btn-small btn-primary" type="button" ?disabled=${this.busy} aria-label=${t("release.retryCopy", { code: c.anonymousCode })}
                @click=${() => this.retry(c)}>${t("release.retry")}</button>`
              : nothing
          }
          ${
            c.state === "GRADED" || c.state === "RENDER_FAILED"
              ? html`<button class="btn btn-small" type="button" ?disabled=${this.busy} aria-label=${t("release.reopenCopy", { code: c.anonymousCode })}
                @click=${() => this.reopen(c)}>${t("release.reopen")}</button>`
              : nothing
          }
        </div>
      </td>
    </tr>`;
  }

  private selectable(): ReleaseCopy[] {
    return (this.copies ?? []).filter((c) => c.state === "GRADED" || !!c.releasedAt);
  }

  private toggle(id: string): void {
    const next = new Set(this.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    this.selected = next;
  }

  private toggleAll(event: Event): void {
    this.selected = (event.target as HTMLInputElement).checked ? new Set(this.selectable().map((c) => c.id)) : new Set();
  }

  private async retry(c: ReleaseCopy): Promise<void> {
    const code = c.anonymousCode;
    await this.copyAction(
      () => retryRender(c.id),
      () => t("release.retried", { code }),
    );
  }

  private async reopen(c: ReleaseCopy): Promise<void> {
    this.status = null;
    this.actionError = null;
    const code = c.anonymousCode;
    const ok = await this.confirmDialog.ask({
      title: () => t("release.reopenTitle", { code }),
      body: () => t("release.reopenBody"),
      confirmLabel: () => t("release.reopen"),
    });
    if (ok)
      await this.copyAction(
        () => reopenCopy(c.id),
        () => t("release.reopened", { code }),
      );
  }

  private async copyAction(call: () => Promise<unknown>, done: Message): Promise<void> {
    this.status = null;
    this.actionError = null;
    this.busy = true;
    try {
      await call();
      this.status = done;
      this.polls = 0;
      await this.load();
    } catch (error) {
      this.actionError = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async act(mode: "release" | "unrelease", copyIds: string[] | undefined, count: number): Promise<void> {
    this.status = null;
    this.actionError = null;
    const ok = await this.confirmDialog.ask({
      title: () => tCount(mode === "release" ? "release.confirmRelease.one" : "release.confirmUnrelease.one", count),
      body: () => t(mode === "release" ? "release.confirmReleaseBody" : "release.confirmUnreleaseBody"),
      confirmLabel: () => t(mode === "release" ? "release.doRelease" : "release.doUnrelease"),
      danger: mode === "unrelease",
    });
    if (!ok || !this.examId) return;
    await this.send(mode, copyIds);
  }

  /** Releases despite the gate, with the reason the admin gave (audited by the server). */
  private async override(reason: string): Promise<void> {
    if (!this.blocked) return;
    this.status = null;
    this.actionError = null;
    await this.send("release", this.blocked.copyIds, reason);
  }

  private async send(mode: "release" | "unrelease", copyIds: string[] | undefined, overrideReason?: string): Promise<void> {
    if (!this.examId) return;
    this.busy = true;
    try {
      const r = await (mode === "release" ? releaseCopies(this.examId, copyIds, overrideReason) : unreleaseCopies(this.examId, copyIds));
      this.blocked = null;
      const n = r.changed.length;
      const waiting = r.awaitingRender?.length ?? 0;
      this.status = () =>
        `${tCount(mode === "release" ? "release.released.one" : "release.unreleased.one", n)}${waiting ? ` ${tCount("release.awaitingRender.one", waiting)}` : ""}`;
      this.selected = new Set();
      await this.load();
    } catch (error) {
      const blocked = error instanceof ApiError && error.code === "RELEASE_BLOCKED" ? blockedCopies(error.details) : null;
      if (blocked) this.blocked = { copies: blocked, copyIds };
      else this.actionError = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-release": KoRelease;
  }
}
