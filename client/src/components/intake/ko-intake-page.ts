import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { getExam, type ExamSummary } from "../../api/intake.ts";
import { LocaleController, errorMessage, t, type MessageKey } from "../../i18n/i18n.ts";
import { intakePaths, type Route } from "../../router.ts";
import { alerts, base, buttons, page } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import "./ko-exams-list.ts";
import "./ko-exam-overview.ts";
import "./ko-scale-editor.ts";
import "../rubrics/ko-rubric-editor.ts";
import "./ko-roster-import.ts";
import "./ko-scan-upload.ts";
import "./ko-stapler.ts";
import "./ko-identify-desk.ts";
import "./ko-dispatch.ts";

type Step = "exam" | "examScale" | "examRubric" | "examUpload" | "examStapler" | "examIdentify" | "examDispatch";

const STEPS: Array<{ name: Step; label: MessageKey }> = [
  { name: "exam", label: "intake.step.overview" },
  { name: "examScale", label: "intake.step.scale" },
  { name: "examRubric", label: "intake.step.rubric" },
  { name: "examUpload", label: "intake.step.upload" },
  { name: "examStapler", label: "intake.step.stapler" },
  { name: "examIdentify", label: "intake.step.identify" },
  { name: "examDispatch", label: "intake.step.dispatch" },
];

/** The intake section (admin): the exams list, the roster, or one exam with its steps. */
@customElement("ko-intake-page")
export class KoIntakePage extends LitElement {
  static override styles = [
    base,
    page,
    buttons,
    alerts,
    intakeStyles,
    css`
      .crumbs {
        font-size: var(--ko-text-sm);
        margin-bottom: var(--ko-space-2);
      }
      .steps ol {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-1);
        margin: 0 0 var(--ko-space-5);
        padding: 0;
        list-style: none;
        border-bottom: 1px solid var(--ko-color-border);
        counter-reset: step;
      }
      .steps a {
        display: inline-block;
        padding: var(--ko-space-2) var(--ko-space-3);
        border-bottom: 3px solid transparent;
        color: var(--ko-color-text-muted);
        font-weight: 600;
        font-size: var(--ko-text-sm);
        text-decoration: none;
      }
      .steps li {
        counter-increment: step;
      }
      .steps a::before {
        content: counter(step) '. ';
      }
      .steps a[aria-current='page'] {
        color: var(--ko-color-primary);
        border-bottom-color: var(--ko-color-primary);
      }
      .steps a:hover {
        color: var(--ko-color-primary-hover);
      }
      h1 .badge {
        vertical-align: middle;
        margin-left: var(--ko-space-2);
      }
    `,
  ];

  @property({ attribute: false }) route!: Route;
  @state() private exam: ExamSummary | null = null;
  @state() private loadError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private focusPending = false;

  /** The shell focuses the view's heading after navigation; the child page owns it. */
  focusInitial(): void {
    if (this.route.params.examId && !this.exam) {
      this.focusPending = true; // the page appears once the exam is loaded
      return;
    }
    const child = this.renderRoot.querySelector("[data-page]");
    const h1 = child?.shadowRoot?.querySelector<HTMLElement>("h1") ?? this.renderRoot.querySelector<HTMLElement>("h1");
    h1?.focus();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    const examId = this.route.params.examId;
    const previous = (changed.get("route") as Route | undefined)?.params.examId;
    if (changed.has("route") && examId && examId !== previous) void this.loadExam(examId);
    if (!examId) this.exam = null;
  }

  override render() {
    const { name, params } = this.route;
    if (name === "exams") return html`<ko-exams-list data-page></ko-exams-list>`;
    if (name === "roster") return html`<ko-roster-import data-page></ko-roster-import>`;
    const examId = params.examId ?? "";
    return html`
      <nav class="crumbs" aria-label=${t("intake.breadcrumb")}><a href=${intakePaths.exams}>${t("intake.exams.title")}</a></nav>
      ${
        this.loadError
          ? html`<div class="alert alert-error row spread" role="alert">
            <span>${this.loadError()}</span>
            <button class="btn btn-small" type="button" @click=${() => this.loadExam(examId)}>${t("users.retry")}</button>
          </div>`
          : nothing
      }
      ${this.exam && this.exam.id === examId ? this.renderExam(this.exam, name as Step) : html`<p class="muted" role="status">${t("app.loading")}</p>`}
    `;
  }

  private renderExam(exam: ExamSummary, step: Step) {
    const child = {
      exam: html`<ko-exam-overview data-page .exam=${exam}></ko-exam-overview>`,
      examScale: html`<ko-scale-editor data-page .exam=${exam}></ko-scale-editor>`,
      examRubric: html`<ko-rubric-editor data-page .examId=${exam.id}></ko-rubric-editor>`,
      examUpload: html`<ko-scan-upload data-page .exam=${exam}></ko-scan-upload>`,
      examStapler: html`<ko-stapler data-page .exam=${exam}></ko-stapler>`,
      examIdentify: html`<ko-identify-desk data-page .exam=${exam}></ko-identify-desk>`,
      examDispatch: html`<ko-dispatch data-page .exam=${exam}></ko-dispatch>`,
    }[step];
    return html`
      <nav class="steps" aria-label=${t("intake.steps", { title: exam.title })}>
        <ol>
          ${STEPS.map((s) => html`<li><a href=${intakePaths[s.name](exam.id)} aria-current=${s.name === step ? "page" : nothing}>${t(s.label)}</a></li>`)}
        </ol>
      </nav>
      <div @ko-exam-changed=${() => this.loadExam(exam.id)}>${child}</div>
    `;
  }

  private async loadExam(examId: string): Promise<void> {
    this.loadError = null;
    try {
      this.exam = await getExam(examId);
      if (this.focusPending) {
        this.focusPending = false;
        await this.updateComplete;
        await (this.renderRoot.querySelector("[data-page]") as LitElement | null)?.updateComplete;
        this.focusInitial();
      }
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-intake-page": KoIntakePage;
  }
}
