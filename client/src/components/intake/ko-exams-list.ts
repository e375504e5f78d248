import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { listExams, setArchived, type Exam, type ExamListItem } from "../../api/intake.ts";
import { LocaleController, errorMessage, getLocale, t } from "../../i18n/i18n.ts";
import { intakePaths, navigate } from "../../router.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoExamDialog } from "./ko-exam-dialog.ts";
import "./ko-exam-dialog.ts";

/** Admin: every exam with its date, state and copy counts; create, archive, reopen. */
@customElement("ko-exams-list")
export class KoExamsList extends LitElement {
  static override styles = [base, page, cards, buttons, forms, alerts, intakeStyles];

  @state() private exams: ExamListItem[] | null = null;
  @state() private showArchived = false;
  @state() private loadError: (() => string) | null = null;
  @state() private actionError: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  @query("ko-exam-dialog") private dialog!: KoExamDialog;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.exams.title")}</h1>
          <p>${t("intake.exams.intro")}</p>
        </div>
        <div class="row">
          <a class="btn" href=${intakePaths.roster}>${t("intake.roster.open")}</a>
          <button class="btn btn-primary" type="button" @click=${this.create}>${t("intake.exams.create")}</button>
        </div>
      </div>
      <div class="messages mb">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.actionError?.() ?? nothing}</div>
      </div>
      <label class="checkbox">
        <input type="checkbox" .checked=${this.showArchived} @change=${this.toggleArchived} />
        ${t("intake.exams.showArchived")}
      </label>
      <div class="mt">${this.renderBody()}</div>
      <ko-exam-dialog></ko-exam-dialog>
    `;
  }

  private renderBody() {
    if (this.loadError) {
      return html`<div class="alert alert-error row spread" role="alert">
        <span>${this.loadError()}</span>
        <button class="btn btn-small" type="button" @click=${this.load}>${t("users.retry")}</button>
      </div>`;
    }
    if (!this.exams) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    if (this.exams.length === 0) return html`<div class="empty"><p>${t("intake.exams.empty")}</p></div>`;
    return html`<div class="table-wrap card" role="region" aria-labelledby="exams-caption" tabindex="0">
      <table>
        <caption id="exams-caption">${t("intake.exams.count", { count: this.exams.length })}</caption>
        <thead>
          <tr>
            <th scope="col">${t("intake.exams.col.title")}</th>
            <th scope="col">${t("intake.exams.col.date")}</th>
            <th scope="col">${t("intake.exams.col.status")}</th>
            <th scope="col" class="num">${t("intake.exams.col.copies")}</th>
            <th scope="col"><span class="visually-hidden">${t("users.col.actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.exams.map((exam) => this.renderRow(exam))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow(exam: ExamListItem) {
    const archived = exam.status === "ARCHIVED";
    return html`<tr>
      <th scope="row">
        <a href=${intakePaths.exam(exam.id)}><strong>${exam.title}</strong></a>
        ${exam.subject ? html`<span class="muted"> · ${exam.subject}</span>` : nothing}
      </th>
      <td>${formatDate(exam.examDate)}</td>
      <td><span class="badge ${statusBadge[exam.status]}">${t(`intake.examStatus.${exam.status}`)}</span></td>
      <td class="num">${copiesText(exam)}</td>
      <td>
        <button class="btn btn-small" type="button" @click=${() => this.archive(exam, !archived)}>
          ${archived ? t("intake.exams.unarchive") : t("intake.exams.archive")}<span class="visually-hidden"> — ${exam.title}</span>
        </button>
      </td>
    </tr>`;
  }

  private async load(): Promise<void> {
    this.loadError = null;
    try {
      this.exams = await listExams(this.showArchived ? "all" : "false");
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private toggleArchived(event: Event): void {
    this.showArchived = (event.target as HTMLInputElement).checked;
    void this.load();
  }

  private async create(): Promise<void> {
    const exam = await this.dialog.open();
    if (exam) navigate(intakePaths.exam(exam.id));
  }

  private async archive(exam: Exam, archived: boolean): Promise<void> {
    this.status = null;
    this.actionError = null;
    try {
      await setArchived(exam.id, archived);
      this.status = () => t(archived ? "intake.exams.archived" : "intake.exams.unarchived", { title: exam.title });
      await this.load();
    } catch (error) {
      this.actionError = () => errorMessage(error);
    }
  }
}

export const statusBadge: Record<Exam["status"], string> = { DRAFT: "badge-info", ACTIVE: "badge-ok", ARCHIVED: "" };

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  return new Date(`${iso}T12:00:00Z`).toLocaleDateString(getLocale() === "fr" ? "fr-FR" : "en-GB", { day: "numeric", month: "short", year: "numeric" });
}

function copiesText(exam: ExamListItem): string {
  const { total, byState } = exam.copies;
  if (total === 0) return "0";
  const staging = byState.STAGING ?? 0;
  const graded = byState.GRADED ?? 0;
  return [String(total), staging ? t("intake.copies.staging", { count: staging }) : "", graded ? t("intake.copies.graded", { count: graded }) : ""]
    .filter(Boolean)
    .join(" · ");
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exams-list": KoExamsList;
  }
}
