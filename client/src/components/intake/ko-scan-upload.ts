import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { ApiError } from "../../api/http.ts";
import { getScale, type ExamSummary, type UploadFields } from "../../api/intake.ts";
import { LocaleController, errorMessage, getLocale, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { waitText } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoBatchList } from "./ko-batch-list.ts";
import { uploadStyles } from "./upload-styles.ts";
import { cancelAll, cancelFile, cancellable, sendAll, type QueueControl, type QueuedFile } from "./upload-queue.ts";
import "./ko-batch-list.ts";
import "./ko-booklets.ts";
import type { KoBooklets } from "./ko-booklets.ts";
import "./ko-scan-mode.ts";
import type { KoScanMode } from "./ko-scan-mode.ts";

/** Admin: scans of an exam — mode, files (drop or pick), progress per file (each can be cancelled while it uploads), then processing. */
@customElement("ko-scan-upload")
export class KoScanUpload extends LitElement {
  static override styles = [base, page, cards, buttons, forms, alerts, intakeStyles, uploadStyles];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private queue: QueuedFile[] = [];
  @state() private sending = false;
  @state() private dragging = false;
  @state() private error: (() => string) | null = null;
  /** the scale's variants (sujet A/B), offered as the batch's default */
  @state() private variants: string[] = [];
  @query("#scan-files") private fileInput!: HTMLInputElement;
  @query("ko-scan-mode") private modeForm!: KoScanMode;
  @query("ko-batch-list") private batchList!: KoBatchList;
  @query("ko-booklets") private booklets!: KoBooklets | null;

  private readonly locale = new LocaleController(this);
  private nextKey = 0;
  private scaleFor = "";
  private signal: QueueControl = { aborted: false, upload: null };

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.scaleFor) {
      this.scaleFor = this.exam.id;
      this.variants = [];
      const examId = this.exam.id;
      // without the scale the form just offers no variant: the copies get theirs at identification
      getScale(examId).then(
        (s) => this.exam.id === examId && (this.variants = Object.keys(s.byVariant).sort()),
        () => {},
      );
    }
  }

  override disconnectedCallback(): void {
    this.signal.aborted = true;
    super.disconnectedCallback();
  }

  override render() {
    const waiting = this.queue.filter((f) => f.status === "waiting").length;
    const readOnly = this.exam.status === "ARCHIVED";
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.upload.title")}</h1>
          <p>${t("intake.upload.intro")}</p>
        </div>
      </div>
      ${
        readOnly
          ? html`<p class="alert alert-info mb">${t("intake.archivedReadOnly")}</p>`
          : html`<div class="upload-grid">
            <ko-scan-mode .variants=${this.variants}></ko-scan-mode>
            <section class="card stack" aria-labelledby="files-title">
              <h2 id="files-title">${t("intake.upload.files")}</h2>
              <div class="drop ${this.dragging ? "over" : ""}" @dragover=${this.onDragOver} @dragleave=${() => (this.dragging = false)} @drop=${this.onDrop}>
                <p>${t("intake.upload.drop")}</p>
                <button class="btn" type="button" @click=${() => this.fileInput.click()}>${t("intake.upload.pick")}</button>
                <input id="scan-files" hidden type="file" multiple accept="application/pdf,.pdf" @change=${this.onPick} />
              </div>
              ${this.queue.length ? this.renderQueue() : nothing}
              <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
              <div class="row">
                <button class="btn btn-primary" type="button" ?disabled=${!waiting || this.sending} @click=${this.send}>
                  ${this.sending ? t("intake.upload.sending") : t("intake.upload.send", { count: waiting })}
                </button>
                ${this.sending ? html`<button class="btn" type="button" @click=${this.cancelAll}>${t("intake.upload.cancelAll")}</button>` : nothing}
                ${
                  this.queue.some((f) => f.status !== "sending")
                    ? html`<button class="btn" type="button" ?disabled=${this.sending} @click=${this.clear}>${t("intake.upload.clear")}</button>`
                    : nothing
                }
              </div>
            </section>
          </div>`
      }
      <ko-batch-list class="mt" .exam=${this.exam} @ko-batch-progress=${() => this.booklets?.progressed()}></ko-batch-list>
      <ko-booklets class="mt" .examId=${this.exam.id} ?readOnly=${readOnly}></ko-booklets>
    `;
  }

  private renderQueue() {
    const canCancelSending = cancellable(this.queue);
    return html`<ul class="queue" aria-label=${t("intake.upload.queue")}>
      ${this.queue.map((f) => {
        const pct = Math.round(f.progress * 100);
        const canCancel = this.sending && (f.status === "waiting" || (f.status === "sending" && canCancelSending));
        return html`<li class=${f.status}>
          <div class="row spread">
            <span class="name">${f.file.name}</span>
            <span class="file-end">
              <span class="state">${this.fileState(f, pct)}</span>
              ${
                canCancel
                  ? html`<button class="btn btn-small" type="button" @click=${() => this.cancel(f)}>
                    ${t("intake.upload.cancel")}<span class="visually-hidden"> — ${f.file.name}</span></button>`
                  : nothing
              }
            </span>
          </div>
          ${
            f.status === "refused"
              ? html`<p class="refusal">${errorMessage(new ApiError(422, f.code ?? "UNKNOWN", ""))}</p>`
              : f.status === "cancelled"
                ? nothing
                : html`<progress class=${f.status === "sent" ? "done" : ""} max="100" .value=${pct}
                aria-label=${t("intake.upload.progressOf", { name: f.file.name })}></progress>`
          }
        </li>`;
      })}
    </ul>`;
  }

  private fileState(f: QueuedFile, pct: number): string {
    const size = sizeText(f.file.size);
    if (f.status === "sending") return `${pct} % · ${size}`;
    return `${t(`intake.upload.status.${f.status}`)} · ${size}`;
  }

  private onDragOver(e: DragEvent): void {
    e.preventDefault();
    this.dragging = true;
  }

  private onDrop(e: DragEvent): void {
    e.preventDefault();
    this.dragging = false;
    this.add([...(e.dataTransfer?.files ?? [])]);
  }

  private onPick(): void {
    this.add([...(this.fileInput.files ?? [])]);
    this.fileInput.value = "";
  }

  private add(files: File[]): void {
    this.error = null;
    this.queue = [...this.queue, ...files.map((file) => ({ key: this.nextKey++, file, status: "waiting" as const, progress: 0 }))];
  }

  private cancel(f: QueuedFile): void {
    cancelFile(f, this.signal);
    this.queue = [...this.queue];
  }

  private cancelAll(): void {
    cancelAll(this.queue, this.signal);
    this.queue = [...this.queue];
  }

  private clear(): void {
    this.queue = this.queue.filter((f) => f.status === "sending");
  }

  private async send(): Promise<void> {
    const fields: UploadFields | null = this.modeForm.value();
    if (!fields) return;
    this.sending = true;
    this.error = null;
    this.signal.aborted = false;
    const stop = await sendAll(this.exam.id, fields, this.queue, () => (this.queue = [...this.queue]), this.signal);
    this.sending = false;
    if (stop) this.error = () => uploadError(stop.error);
    if (this.queue.some((f) => f.status === "sent")) void this.batchList.refresh();
  }
}

/** "350 ko", "12,4 Mo" (French units: octets). */
function sizeText(bytes: number): string {
  const fr = getLocale() === "fr";
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ${fr ? "ko" : "KB"}`;
  return `${(bytes / 1024 / 1024).toLocaleString(fr ? "fr-FR" : "en-GB", { maximumFractionDigits: 1 })} ${fr ? "Mo" : "MB"}`;
}

function uploadError(error: unknown): string {
  if (error instanceof ApiError && error.code === "RATE_LIMITED" && error.retryAfterSeconds !== null) {
    return t("intake.rateLimited", { wait: waitText(error.retryAfterSeconds) });
  }
  return errorMessage(error);
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-scan-upload": KoScanUpload;
  }
}
