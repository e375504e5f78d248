import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { setArchived, type CopyState, type ExamSummary } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { intakePaths } from "../../router.ts";
import { alerts, base, buttons, cards, page } from "../../styles/shared.ts";
import { examChanged } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoExamDialog } from "./ko-exam-dialog.ts";
import { formatDate, statusBadge } from "./ko-exams-list.ts";
import "./ko-exam-dialog.ts";
import "./ko-exam-documents.ts";
import "./ko-identity-zones.ts";

const STATES: CopyState[] = ["STAGING", "READY", "FINALIZING", "GRADED", "RENDER_FAILED"];

/** One exam: its fields, copy counts by state, documents, and the way to the next step. */
@customElement("ko-exam-overview")
export class KoExamOverview extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    alerts,
    intakeStyles,
    css`
      .facts {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr));
        gap: var(--ko-space-3);
        margin: 0;
      }
      .facts div {
        padding: var(--ko-space-3);
        border: 1px solid var(--ko-color-border);
        border-radius: var(--ko-radius);
        background: var(--ko-color-surface);
      }
      .facts dt {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .facts dd {
        margin: 0;
        font-size: var(--ko-text-xl);
        font-weight: 650;
        font-variant-numeric: tabular-nums;
      }
      h1 .badge {
        vertical-align: middle;
        margin-left: var(--ko-space-2);
      }
    `,
  ];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private error: (() => string) | null = null;
  @query("ko-exam-dialog") private dialog!: KoExamDialog;

  private readonly locale = new LocaleController(this);

  override render() {
    const exam = this.exam;
    const archived = exam.status === "ARCHIVED";
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${exam.title}<span class="badge ${statusBadge[exam.status]}">${t(`intake.examStatus.${exam.status}`)}</span></h1>
          <p>${[exam.subject, formatDate(exam.examDate), t("intake.exam.codePrefix", { prefix: exam.codePrefix })].filter(Boolean).join(" · ")}</p>
        </div>
        <div class="row">
          ${archived ? nothing : html`<button class="btn" type="button" @click=${this.edit}>${t("intake.exam.edit")}</button>`}
          <button class="btn" type="button" @click=${this.toggleArchive}>${archived ? t("intake.exams.unarchive") : t("intake.exams.archive")}</button>
          ${archived ? nothing : html`<a class="btn btn-primary" href=${this.nextStep()}>${t("intake.exam.next")}</a>`}
        </div>
      </div>
      <div class="alert alert-error mb" role="alert">${this.error?.() ?? nothing}</div>
      <section class="stack" aria-labelledby="copies-title">
        <h2 id="copies-title" class="section-title">${t("intake.exam.copies")}</h2>
        <dl class="facts">
          <div><dt>${t("intake.exam.total")}</dt><dd>${exam.copies.total}</dd></div>
          ${STATES.map((s) => html`<div><dt>${t(`intake.copyState.${s}`)}</dt><dd>${exam.copies.byState[s] ?? 0}</dd></div>`)}
          <div><dt>${t("intake.exam.batches")}</dt><dd>${exam.batches}</dd></div>
        </dl>
      </section>
      <ko-exam-documents class="mt" .examId=${exam.id} .readOnly=${archived}></ko-exam-documents>
      <ko-identity-zones class="mt" .examId=${exam.id} .readOnly=${archived}></ko-identity-zones>
      <ko-exam-dialog></ko-exam-dialog>
    `;
  }

  /** The first step that still has work: scale, scans, stapler, identification, dispatch. */
  private nextStep(): string {
    const { copies, id } = this.exam;
    if (copies.total === 0) return intakePaths.examUpload(id);
    if (copies.byState.STAGING) return intakePaths.examStapler(id);
    return intakePaths.examIdentify(id);
  }

  private async edit(): Promise<void> {
    if (await this.dialog.open(this.exam)) examChanged(this);
  }

  private async toggleArchive(): Promise<void> {
    this.error = null;
    try {
      await setArchived(this.exam.id, this.exam.status !== "ARCHIVED");
      examChanged(this);
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exam-overview": KoExamOverview;
  }
}
