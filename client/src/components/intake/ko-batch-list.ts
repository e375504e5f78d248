import type { ServerPayload } from "../../../../collab/contract/socket/index.ts";
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { deleteBatch, listBatches, retryBatch, type Batch, type ExamSummary } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { LiveRoom } from "../../realtime/live-room.ts";
import { intakePaths } from "../../router.ts";
import { alerts, base, buttons, cards } from "../../styles/shared.ts";
import { examChanged } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoConfirmDialog } from "../ko-confirm-dialog.ts";
import "../ko-confirm-dialog.ts";

const busy = (b: Batch) => b.status === "UPLOADED" || b.status === "PROCESSING";
/** Only while the socket is down and a batch runs: then the list is polled. */
const FALLBACK_POLL_MS = 2000;

/** `batch:progress` (docs/protocol.md): pages processed so far, pushed by the worker's transactions. */
type BatchProgress = ServerPayload<"batch:progress">;

/**
 * The exam's scan batches and their processing, followed live: `intake:watch` on the shared
 * socket pushes `batch:progress`; the list is reloaded when a batch ends (its copies, warnings),
 * once after a reconnection, and polled only while the socket is down.
 */
@customElement("ko-batch-list")
export class KoBatchList extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    alerts,
    intakeStyles,
    css`
      progress.batch-progress {
        display: block;
        min-width: 6rem;
        margin-block-end: 0.25rem;
      }
    `,
  ];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private batches: Batch[] | null = null;
  @state() private error: (() => string) | null = null;
  @query("ko-confirm-dialog") private confirm!: KoConfirmDialog;

  private readonly locale = new LocaleController(this);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private loadedFor = "";
  private live: LiveRoom | null = null;
  private loading: Promise<void> | null = null;
  private reloadAgain = false;

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.loadedFor) {
      this.loadedFor = this.exam.id;
      this.follow(this.exam.id);
      void this.refresh();
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.loadedFor && !this.live) this.follow(this.loadedFor);
  }

  override disconnectedCallback(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.live?.close();
    this.live = null;
    super.disconnectedCallback();
  }

  private follow(examId: string): void {
    this.live?.close();
    this.live = new LiveRoom({
      join: ["intake:watch", { examId }],
      leave: ["intake:unwatch", { examId }],
      events: {
        "batch:progress": (m: BatchProgress) => this.onProgress(m),
        "batch:images": (m) =>
          (this.batches = this.batches?.map((x) => (x.id === m.batchId ? { ...x, images: { ready: m.ready, failed: m.failed, total: m.total } } : x)) ?? null),
      },
      connection: (live) => {
        if (!live) this.pollIfNeeded();
        else if (this.timer) {
          clearTimeout(this.timer);
          this.timer = null;
        }
      },
      resync: () => void this.refresh(),
    });
  }

  private onProgress(m: BatchProgress): void {
    if (m.examId !== this.exam?.id) return;
    // the booklets' panel follows the same progress (pages sorted by code as the worker goes)
    this.dispatchEvent(new CustomEvent("ko-batch-progress", { bubbles: true, composed: true, detail: m }));
    const list = this.batches ?? [];
    const b = list.find((x) => x.id === m.batchId);
    if (!b || !busy({ ...b, status: m.status })) {
      // a batch this list does not know yet (just uploaded), or one that ended: its copies, warnings, error
      void this.refresh();
      return;
    }
    this.batches = list.map((x) => (x.id === m.batchId ? { ...x, processedPages: m.processed, totalPages: m.total, status: m.status } : x));
  }

  private pollIfNeeded(): void {
    if (this.timer || this.live?.live || !this.isConnected || !(this.batches ?? []).some(busy)) return;
    this.timer = setTimeout(() => ((this.timer = null), void this.refresh()), FALLBACK_POLL_MS);
  }

  /** Reloads the list (one request at a time: a call during a load reloads once more after it). */
  async refresh(): Promise<void> {
    if (this.loading) {
      this.reloadAgain = true;
      return this.loading;
    }
    this.loading = this.load();
    try {
      await this.loading;
    } finally {
      this.loading = null;
    }
    if (this.reloadAgain) {
      this.reloadAgain = false;
      await this.refresh();
    }
  }

  private async load(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const before = this.batches;
    try {
      this.batches = await listBatches(this.exam.id);
      this.error = null;
    } catch (error) {
      this.error = () => errorMessage(error);
    }
    const now = this.batches ?? [];
    const finished = before?.some((b) => busy(b) && now.some((n) => n.id === b.id && !busy(n)));
    if (finished) examChanged(this);
    this.pollIfNeeded();
  }

  override render() {
    const list = this.batches;
    if (!list) return html`<p class="muted">${this.error?.() ?? t("app.loading")}</p>`;
    const pages = list.reduce((s, b) => s + b.totalPages, 0);
    const done = list.reduce((s, b) => s + (b.status === "DONE" ? b.totalPages : b.processedPages), 0);
    const copies = list.reduce((s, b) => s + b.copies, 0);
    const pct = pages ? Math.round((done / pages) * 100) : 0;
    const running = list.some(busy);
    return html`<section class="card stack" aria-labelledby="batches-title">
      <div class="row spread">
        <h2 id="batches-title">${t("intake.batches.title")}</h2>
        ${
          !running && copies && this.exam.copies.byState.STAGING
            ? html`<a class="btn btn-primary" href=${intakePaths.examStapler(this.exam.id)}>${t("intake.batches.toStapler")}</a>`
            : nothing
        }
      </div>
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      ${
        list.length === 0
          ? html`<p class="muted">${t("intake.batches.empty")}</p>`
          : html`<div class="stack">
              <p role="status" id="processing-status">${running ? t("intake.batches.running", { pct }) : t("intake.batches.done", { pct, copies })}</p>
              <progress class=${running ? "" : "done"} max="100" .value=${pct} aria-labelledby="processing-status"></progress>
            </div>
            <div class="table-wrap" role="region" aria-labelledby="batches-caption" tabindex="0">
              <table>
                <caption id="batches-caption" class="visually-hidden">${t("intake.batches.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">${t("intake.batches.col.file")}</th>
                    <th scope="col">${t("intake.batches.col.mode")}</th>
                    <th scope="col">${t("intake.batches.col.status")}</th>
                    <th scope="col" class="num">${t("intake.batches.col.pages")}</th>
                    <th scope="col" class="num">${t("intake.batches.col.copies")}</th>
                    <th scope="col"><span class="visually-hidden">${t("users.col.actions")}</span></th>
                  </tr>
                </thead>
                <tbody>${list.map((b) => this.renderRow(b))}</tbody>
              </table>
            </div>`
      }
      <ko-confirm-dialog></ko-confirm-dialog>
    </section>`;
  }

  private renderRow(b: Batch) {
    const badge = { UPLOADED: "badge-info", PROCESSING: "badge-info", DONE: "badge-ok", FAILED: "badge-error" }[b.status];
    return html`<tr>
      <th scope="row">${b.originalName}
        ${b.error ? html`<div class="muted">${b.error}</div>` : nothing}
        ${b.warnings.map((w) => html`<div class="muted">⚠ ${w}</div>`)}
      </th>
      <td>${t(`intake.modeShort.${b.mode}`, { n: b.pagesPerCopy ?? "" })}</td>
      <td><span class="badge ${badge}">${t(`intake.batchStatus.${b.status}`)}</span></td>
      <td class="num">
        ${
          busy(b)
            ? html`<progress class="batch-progress" max=${Math.max(b.totalPages, 1)} .value=${b.processedPages}
              aria-label=${t("intake.batches.progressOf", { name: b.originalName, processed: b.processedPages, total: b.totalPages })}></progress>`
            : nothing
        }
        <span class="pages">${b.status === "DONE" ? b.totalPages : b.processedPages} / ${b.totalPages}</span>
        ${
          b.images && b.images.total > 0
            ? html`<div class="muted" data-images>${t("intake.images", { ready: b.images.ready, total: b.images.total })}${
                b.images.failed ? html` · <span class="error-text">${t("intake.imagesFailed", { n: b.images.failed })}</span>` : nothing
              }</div>`
            : nothing
        }
      </td>
      <td class="num">${b.copies}</td>
      <td>
        ${
          b.status === "FAILED"
            ? html`<button class="btn btn-small" type="button" @click=${() => this.act(() => retryBatch(this.exam.id, b.id))}>${t("intake.batches.retry")}</button>`
            : nothing
        }
        ${
          !busy(b) && this.exam.status !== "ARCHIVED"
            ? html`<button class="btn btn-small" type="button" @click=${() => this.removeBatch(b)}>
              ${t("intake.batches.delete")}<span class="visually-hidden"> — ${b.originalName}</span></button>`
            : nothing
        }
      </td>
    </tr>`;
  }

  private async removeBatch(b: Batch): Promise<void> {
    const name = b.originalName;
    const ok = await this.confirm.ask({
      title: () => t("intake.batches.deleteTitle"),
      body: () => t("intake.batches.deleteBody", { name, copies: b.copies }),
      confirmLabel: () => t("intake.batches.delete"),
      danger: true,
    });
    if (ok) await this.act(() => deleteBatch(this.exam.id, b.id));
  }

  private async act(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
      await this.refresh();
      examChanged(this);
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-batch-list": KoBatchList;
  }
}
