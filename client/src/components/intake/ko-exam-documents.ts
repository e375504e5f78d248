import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { deleteDocument, listDocuments, uploadDocument, type DocumentKind, type ExamDocument } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";

const KINDS: DocumentKind[] = ["SUBJECT", "ANSWER_KEY", "OTHER"];

/** The exam's documents (subject, answer key …): upload a PDF, open it, remove it. */
@customElement("ko-exam-documents")
export class KoExamDocuments extends LitElement {
  static override styles = [base, cards, buttons, forms, alerts, intakeStyles];

  @property() examId = "";
  @property({ type: Boolean }) readOnly = false;
  @state() private docs: ExamDocument[] | null = null;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  @state() private progress: number | null = null;
  @query("#doc-file") private fileInput!: HTMLInputElement;
  @query("#doc-kind") private kindSelect!: HTMLSelectElement;

  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("examId") && this.examId) void this.load();
  }

  override render() {
    return html`<section class="card stack" aria-labelledby="docs-title">
      <h2 id="docs-title">${t("intake.docs.title")}</h2>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${this.renderList()}
      ${
        this.readOnly
          ? nothing
          : html`<form class="row" @submit=${this.upload}>
            <div class="field">
              <label for="doc-kind">${t("intake.docs.kind")}</label>
              <select id="doc-kind">${KINDS.map((k) => html`<option value=${k}>${t(`intake.docKind.${k}`)}</option>`)}</select>
            </div>
            <div class="field">
              <label for="doc-file">${t("intake.docs.file")}</label>
              <input id="doc-file" type="file" accept="application/pdf,.pdf" required />
            </div>
            <button class="btn btn-primary" type="submit" ?disabled=${this.progress !== null}>${t("intake.docs.upload")}</button>
            ${this.progress !== null ? html`<progress max="100" .value=${this.progress} aria-label=${t("intake.docs.uploading")}></progress>` : nothing}
          </form>`
      }
    </section>`;
  }

  private renderList() {
    if (!this.docs) return html`<p class="muted">${t("app.loading")}</p>`;
    if (this.docs.length === 0) return html`<p class="muted">${t("intake.docs.empty")}</p>`;
    return html`<ul class="stack plain" role="list">
      ${this.docs.map(
        (d) => html`<li class="row spread">
          <span>
            <span class="badge badge-info">${t(`intake.docKind.${d.kind}`)}</span>
            <a href=${d.url} target="_blank" rel="noopener">${d.originalName}</a>
            <span class="muted">(${Math.max(1, Math.round(d.sizeBytes / 1024))} ko)</span>
          </span>
          ${
            this.readOnly
              ? nothing
              : html`<button class="btn btn-small" type="button" @click=${() => this.removeDoc(d)}>
                ${t("intake.docs.remove")}<span class="visually-hidden"> — ${d.originalName}</span>
              </button>`
          }
        </li>`,
      )}
    </ul>`;
  }

  private async load(): Promise<void> {
    try {
      this.docs = await listDocuments(this.examId);
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private async upload(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const file = this.fileInput.files?.[0];
    if (!file) return;
    this.error = null;
    this.status = null;
    this.progress = 0;
    try {
      const upload = uploadDocument(this.examId, this.kindSelect.value as DocumentKind, file, (loaded, total) => {
        this.progress = Math.round((loaded / total) * 100);
      });
      const { document } = await upload.promise;
      this.docs = [...(this.docs ?? []), document];
      this.status = () => t("intake.docs.uploaded", { name: document.originalName });
      this.fileInput.value = "";
    } catch (error) {
      this.error = () => `${file.name} : ${errorMessage(error)}`;
    } finally {
      this.progress = null;
    }
  }

  private async removeDoc(doc: ExamDocument): Promise<void> {
    this.error = null;
    try {
      await deleteDocument(this.examId, doc.id);
      this.docs = (this.docs ?? []).filter((d) => d.id !== doc.id);
      this.status = () => t("intake.docs.removed", { name: doc.originalName });
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-exam-documents": KoExamDocuments;
  }
}
