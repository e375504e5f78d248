import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { ApiError } from "../../api/http.ts";
import { importRoster, previewRoster, type RosterPreview, type RosterProblem, type RosterSummary } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { intakePaths } from "../../router.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { waitText } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoCredentialsDialog } from "./ko-credentials-dialog.ts";
import "./ko-credentials-dialog.ts";
import "./ko-roster-preview.ts";

/** Admin: the school's students from a CSV — dry-run preview with every problem, then commit. */
@customElement("ko-roster-import")
export class KoRosterImport extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    forms,
    alerts,
    intakeStyles,
    css`
      .summary {
        display: flex;
        flex-wrap: wrap;
        gap: var(--ko-space-2);
      }
      form.card {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: var(--ko-space-3);
      }
      form .field {
        flex: 1 1 18rem;
      }
    `,
  ];

  @state() private file: File | null = null;
  @state() private preview: RosterPreview | null = null;
  @state() private busy: "preview" | "import" | null = null;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  @query("#roster-file") private fileInput!: HTMLInputElement;
  @query("ko-credentials-dialog") private credentialsDialog!: KoCredentialsDialog;

  private readonly locale = new LocaleController(this);

  override render() {
    const summary = this.preview?.summary;
    return html`
      <nav class="mb"><a href=${intakePaths.exams}>${t("intake.exams.title")}</a></nav>
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.roster.title")}</h1>
          <p>${t("intake.roster.intro")}</p>
        </div>
      </div>
      <div class="stack">
        <form class="card" @submit=${this.runPreview}>
          <div class="field">
            <label for="roster-file">${t("intake.roster.file")}</label>
            <input id="roster-file" type="file" accept=".csv,text/csv,text/plain" aria-describedby="roster-hint" @change=${this.pick} />
            <span class="hint" id="roster-hint">${t("intake.roster.fileHint")}</span>
          </div>
          <button class="btn" type="submit" ?disabled=${!this.file || this.busy !== null}>
            ${this.busy === "preview" ? t("intake.roster.checking") : t("intake.roster.preview")}
          </button>
        </form>
        <div class="messages">
          <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
          <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
        </div>
        ${summary && this.preview ? this.renderPreview(this.preview, summary) : nothing}
      </div>
      <ko-credentials-dialog></ko-credentials-dialog>
    `;
  }

  private renderPreview(preview: RosterPreview, s: RosterSummary) {
    const blocked = s.errors > 0 || !preview.format;
    return html`<section class="stack" aria-labelledby="preview-title">
      <div class="row spread">
        <h2 id="preview-title">${t("intake.roster.previewTitle", { name: this.file?.name ?? "" })}</h2>
        <button class="btn btn-primary" type="button" ?disabled=${blocked || this.busy !== null} @click=${this.commit}>
          ${this.busy === "import" ? t("intake.roster.importing") : t("intake.roster.commit", { count: s.valid })}
        </button>
      </div>
      <p class="summary">
        <span class="badge badge-ok">${t("intake.roster.sum.create", { count: s.create })}</span>
        <span class="badge badge-info">${t("intake.roster.sum.update", { count: s.update })}</span>
        <span class="badge">${t("intake.roster.sum.unchanged", { count: s.unchanged })}</span>
        <span class="badge badge-ok">${t("intake.roster.sum.accounts", { count: s.accountsToCreate })}</span>
        ${s.errors ? html`<span class="badge badge-error">${t("intake.roster.errors", { count: s.errors })}</span>` : nothing}
        ${s.warnings ? html`<span class="badge badge-warn">${t("intake.roster.warnings", { count: s.warnings })}</span>` : nothing}
      </p>
      ${blocked ? html`<p class="alert alert-error">${t("intake.roster.blocked")}</p>` : nothing}
      <ko-roster-preview .preview=${preview}></ko-roster-preview>
    </section>`;
  }

  private pick(): void {
    this.file = this.fileInput.files?.[0] ?? null;
    this.preview = null;
    this.error = null;
    this.status = null;
  }

  private async runPreview(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (!this.file || this.busy) return;
    this.busy = "preview";
    this.error = null;
    this.status = null;
    try {
      this.preview = await previewRoster(this.file);
    } catch (error) {
      this.error = () => rosterError(error);
    } finally {
      this.busy = null;
    }
  }

  private async commit(): Promise<void> {
    if (!this.file || this.busy) return;
    this.busy = "import";
    this.error = null;
    try {
      const result = await importRoster(this.file);
      const s = result.summary;
      this.preview = null;
      this.status = () => t("intake.roster.done", { create: s.create, update: s.update, accounts: result.credentials.count });
      await this.credentialsDialog.show(result.credentials);
      this.fileInput.value = "";
      this.file = null;
    } catch (error) {
      const details = error instanceof ApiError ? (error.details as { problems?: RosterProblem[]; summary?: RosterSummary } | undefined) : undefined;
      if (this.preview && details?.problems && details.summary) this.preview = { ...this.preview, problems: details.problems, summary: details.summary };
      this.error = () => rosterError(error);
    } finally {
      this.busy = null;
    }
  }
}

/** 429 says how long to wait; the rest as usual. */
export function rosterError(error: unknown): string {
  if (error instanceof ApiError && error.code === "RATE_LIMITED" && error.retryAfterSeconds !== null) {
    return t("intake.rateLimited", { wait: waitText(error.retryAfterSeconds) });
  }
  return errorMessage(error);
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-roster-import": KoRosterImport;
  }
}
