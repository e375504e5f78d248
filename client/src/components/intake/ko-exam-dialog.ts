import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { ApiError } from "../../api/http.ts";
import { createExam, updateExam, type Exam } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { dialog } from "../../styles/dialog.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

/** Create or edit an exam (title, subject, date) in a modal; `open()` resolves with the saved exam. */
@customElement("ko-exam-dialog")
export class KoExamDialog extends LitElement {
  static override styles = [base, buttons, forms, alerts, dialog];

  @state() private editing: Exam | null = null;
  @state() private busy = false;
  @state() private error: (() => string) | null = null;
  @state() private titleError = false;
  @state() private boundariesError = false;
  @state() private pagesError = false;
  @query("dialog") private dialogEl!: HTMLDialogElement;
  @query("form") private form!: HTMLFormElement;

  private readonly locale = new LocaleController(this);
  private saved: Exam | null = null;
  private resolve: ((exam: Exam | null) => void) | null = null;

  async open(exam: Exam | null = null): Promise<Exam | null> {
    this.editing = exam;
    this.saved = null;
    this.error = null;
    this.titleError = false;
    await this.updateComplete;
    this.form.reset();
    this.field("title").value = exam?.title ?? "";
    this.field("subject").value = exam?.subject ?? "";
    this.field("examDate").value = exam?.examDate ?? "";
    const boundaries = this.renderRoot.querySelector<HTMLInputElement>("#gradeBoundaries");
    if (boundaries && exam) boundaries.value = (exam.gradeBoundaries ?? []).map((b) => String(b).replace(".", ",")).join(" ; ");
    this.boundariesError = false;
    this.pagesError = false;
    const pages = this.renderRoot.querySelector<HTMLInputElement>("#expectedPageCount");
    if (pages && exam) pages.value = exam.expectedPageCount ? String(exam.expectedPageCount) : "";
    this.dialogEl.showModal();
    this.field("title").focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    return html`
      <dialog aria-labelledby="exam-form-title" @close=${this.onClose}>
        <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
          <div class="dialog-body">
            <h2 id="exam-form-title">${this.editing ? t("intake.examForm.editTitle") : t("intake.examForm.createTitle")}</h2>
            <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
            <div>
              <div class="field">
                <label for="title">${t("intake.examForm.title")}</label>
                <input id="title" name="title" required maxlength="200" autocomplete="off" aria-invalid=${String(this.titleError)}
                  aria-describedby="title-hint ${this.titleError ? "title-error" : ""}" />
                <span class="hint" id="title-hint">${t("intake.examForm.titleHint")}</span>
                ${this.titleError ? html`<span class="field-error" id="title-error">${t("userForm.required")}</span>` : nothing}
              </div>
              <div class="field">
                <label for="subject">${t("intake.examForm.subject")}</label>
                <input id="subject" name="subject" maxlength="120" autocomplete="off" />
              </div>
              <div class="field">
                <label for="examDate">${t("intake.examForm.date")}</label>
                <input id="examDate" name="examDate" type="date" />
              </div>
              ${
                this.editing
                  ? html`<p class="hint" id="status-hint">${t("intake.examForm.statusHint", { status: t(`intake.examStatus.${this.editing.status}`) })}</p>
                  <div class="field">
                    <label for="gradeBoundaries">${t("intake.examForm.boundaries")}</label>
                    <input id="gradeBoundaries" inputmode="decimal" autocomplete="off" aria-invalid=${String(this.boundariesError)}
                      aria-describedby="boundaries-hint ${this.boundariesError ? "boundaries-error" : ""}" />
                    <span class="hint" id="boundaries-hint">${t("intake.examForm.boundariesHint")}</span>
                    ${this.boundariesError ? html`<span class="field-error" id="boundaries-error">${t("intake.examForm.boundariesInvalid")}</span>` : nothing}
                  </div>
                  <div class="field">
                    <label for="expectedPageCount">${t("intake.examForm.expectedPages")}</label>
                    <input id="expectedPageCount" inputmode="numeric" autocomplete="off" aria-invalid=${String(this.pagesError)}
                      aria-describedby="pages-hint ${this.pagesError ? "pages-error" : ""}" />
                    <span class="hint" id="pages-hint">${t("intake.examForm.expectedPagesHint")}</span>
                    ${this.pagesError ? html`<span class="field-error" id="pages-error">${t("intake.examForm.expectedPagesInvalid")}</span>` : nothing}
                  </div>`
                  : nothing
              }
            </div>
          </div>
          <div class="dialog-actions">
            <button class="btn" type="button" @click=${() => this.dialogEl.close()}>${t("confirm.cancel")}</button>
            <button class="btn btn-primary" type="submit" aria-disabled=${String(this.busy)}>
              ${this.busy ? t("userForm.submitting") : this.editing ? t("intake.examForm.save") : t("intake.examForm.create")}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }

  private field(name: "title" | "subject" | "examDate"): HTMLInputElement {
    return this.renderRoot.querySelector(`#${name}`) as HTMLInputElement;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const title = this.field("title").value.trim();
    const subject = this.field("subject").value.trim() || null;
    const examDate = this.field("examDate").value || null;
    this.titleError = !title;
    if (!title) {
      this.error = () => t("userForm.fixErrors");
      this.field("title").focus();
      return;
    }
    const boundaries = this.editing ? parseBoundaries(this.renderRoot.querySelector<HTMLInputElement>("#gradeBoundaries")?.value ?? "") : [];
    this.boundariesError = boundaries === null;
    if (boundaries === null) {
      this.error = () => t("userForm.fixErrors");
      this.renderRoot.querySelector<HTMLInputElement>("#gradeBoundaries")?.focus();
      return;
    }
    const pagesField = this.renderRoot.querySelector<HTMLInputElement>("#expectedPageCount");
    const expectedPageCount = parsePageCount(pagesField?.value ?? "");
    this.pagesError = expectedPageCount === undefined;
    if (expectedPageCount === undefined) {
      this.error = () => t("userForm.fixErrors");
      pagesField?.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      const input = { title, subject, examDate, ...(this.editing ? { gradeBoundaries: boundaries, expectedPageCount } : {}) };
      this.saved = this.editing ? await updateExam(this.editing.id, input) : await createExam(input);
      this.dialogEl.close();
    } catch (error) {
      this.error = () => (error instanceof ApiError && error.code === "INVALID_STATE" ? t("intake.examForm.archived") : errorMessage(error));
    } finally {
      this.busy = false;
    }
  }

  private onClose(): void {
    this.resolve?.(this.saved);
    this.resolve = null;
  }
}

/** "10 ; 16" or "12,5 16" → [10, 16]; null when something is not a positive number. */
function parseBoundaries(text: string): number[] | null {
  const parts = text.split(/[;\s]+/).filter(Boolean);
  const values = parts.map((p) => Number(p.replace(",", ".")));
  return values.every((v) => Number.isFinite(v) && v > 0 && v < 10000) ? values : null;
}

/** "" → null (not checked); "4" → 4; undefined when it is not a whole number from 1 to 500. */
function parsePageCount(text: string): number | null | undefined {
  const v = text.trim();
  if (!v) return null;
  return /^\d{1,3}$/.test(v) && Number(v) >= 1 && Number(v) <= 500 ? Number(v) : undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exam-dialog": KoExamDialog;
  }
}
