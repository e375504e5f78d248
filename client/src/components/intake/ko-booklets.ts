import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { getBookletSummary, printBooklets, type BookletSummary, type PrintBookletsRequest, type PrintedRun } from "../../api/booklets.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import { looseReasonLabel } from "./loose-reason.ts";

/** Reloads at most this often while the worker sorts a batch (progress events arrive per chunk). */
const REFRESH_MS = 800;

/**
 * QR-coded booklets on the upload page: print a run (anonymous or named, on the subject or ruled
 * pages, with extra sheets), download its PDF, and follow what the scans brought back — booklets
 * scanned and complete, which pages are missing, pages left for the stapler and why. Live: the
 * page's batch list passes on the worker's progress (`ko-batch-progress`).
 */
@customElement("ko-booklets")
export class KoBooklets extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    forms,
    alerts,
    intakeStyles,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
        gap: var(--ko-space-3);
        align-items: end;
      }
      fieldset {
        border: 0;
        margin: 0;
        padding: 0;
      }
      .figures {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: var(--ko-space-1) var(--ko-space-3);
        margin: 0;
      }
      .figures dd {
        margin: 0;
      }
      ul {
        margin: 0;
        padding-left: 1.2rem;
      }
    `,
  ];

  @property({ attribute: false }) examId = "";
  @property({ type: Boolean }) readOnly = false;
  @state() private summary: BookletSummary | null = null;
  @state() private mode: PrintBookletsRequest["mode"] = "anonymous";
  @state() private template: PrintBookletsRequest["template"] = "subject";
  @state() private count = "30";
  @state() private classes = "";
  @state() private extra = "0";
  @state() private pages = "4";
  @state() private printing = false;
  @state() private printed: PrintedRun | null = null;
  @state() private error: (() => string) | null = null;
  @state() private fieldError: "count" | "classes" | null = null;
  private loadedFor = "";
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  private readonly locale = new LocaleController(this);

  override willUpdate(): void {
    if (this.examId && this.examId !== this.loadedFor) {
      this.loadedFor = this.examId;
      this.summary = null;
      void this.refresh();
    }
  }

  override disconnectedCallback(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    super.disconnectedCallback();
  }

  /** A batch moved on: reload soon (once for a burst of events). */
  progressed(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, REFRESH_MS);
  }

  async refresh(): Promise<void> {
    const examId = this.examId;
    try {
      const s = await getBookletSummary(examId);
      if (examId === this.examId) this.summary = s;
    } catch (e) {
      this.error = () => errorMessage(e);
    }
  }

  private request(): PrintBookletsRequest | null {
    this.fieldError = null;
    const int = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v) : NaN);
    const count = int(this.count);
    const extra = int(this.extra) || 0;
    const classNames = this.classes
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    if (this.mode === "anonymous" && !(count >= 1 && count <= 1000)) this.fieldError = "count";
    if (this.mode === "named" && classNames.length === 0) this.fieldError = "classes";
    if (this.fieldError) {
      this.renderRoot.querySelector<HTMLInputElement>(this.fieldError === "count" ? "#booklet-count" : "#booklet-classes")?.focus();
      return null;
    }
    return {
      mode: this.mode,
      ...(this.mode === "anonymous" ? { count } : { classNames }),
      extraSheets: Math.min(1000, extra),
      template: this.template,
      ...(this.template === "blank" ? { pageCount: Math.min(40, Math.max(1, int(this.pages) || 4)) } : {}),
    };
  }

  private async print(e: Event): Promise<void> {
    e.preventDefault();
    const body = this.request();
    if (!body) return;
    this.printing = true;
    this.error = null;
    this.printed = null;
    try {
      this.printed = await printBooklets(this.examId, body);
      await this.refresh();
    } catch (err) {
      this.error = () => errorMessage(err);
    } finally {
      this.printing = false;
    }
  }

  override render() {
    return html`<section class="card stack" aria-labelledby="booklets-title">
      <h2 id="booklets-title">${t("booklets.title")}</h2>
      <p class="muted">${t("booklets.intro")}</p>
      ${this.readOnly ? nothing : this.renderForm()}
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      ${
        this.printed
          ? html`<p class="alert alert-success" role="status">
            ${t("booklets.printed", { n: this.printed.booklets, pages: this.printed.pageCount })}
            ${this.printed.skipped ? t("booklets.skipped", { n: this.printed.skipped }) : nothing}
            <a class="btn btn-small" href=${this.printed.pdfUrl} download>${t("booklets.download", { run: this.printed.run })}</a>
          </p>`
          : nothing
      }
      ${this.renderSummary()}
    </section>`;
  }

  private renderForm() {
    const set = (k: "count" | "classes" | "extra" | "pages") => (e: Event) => (this[k] = (e.target as HTMLInputElement).value);
    return html`<form class="stack" @submit=${this.print} novalidate>
      <div class="grid">
        <fieldset class="field">
          <legend>${t("booklets.mode")}</legend>
          ${(["anonymous", "named"] as const).map(
            (m) =>
              html`<label class="checkbox"><input type="radio" name="booklet-mode" value=${m} .checked=${this.mode === m} @change=${() => (this.mode = m)} />${t(`booklets.mode.${m}`)}</label>`,
          )}
        </fieldset>
        ${
          this.mode === "anonymous"
            ? html`<div class="field">
              <label for="booklet-count">${t("booklets.count")}</label>
              <input id="booklet-count" type="number" min="1" max="1000" .value=${this.count} @input=${set("count")} aria-invalid=${String(this.fieldError === "count")} aria-describedby=${this.fieldError === "count" ? "booklet-count-error" : nothing} />
              ${this.fieldError === "count" ? html`<span class="field-error" id="booklet-count-error">${t("booklets.countError")}</span>` : nothing}
            </div>`
            : html`<div class="field">
              <label for="booklet-classes">${t("booklets.classes")}</label>
              <input id="booklet-classes" type="text" .value=${this.classes} @input=${set("classes")} aria-invalid=${String(this.fieldError === "classes")} aria-describedby=${this.fieldError === "classes" ? "booklet-classes-error" : nothing} />
              ${this.fieldError === "classes" ? html`<span class="field-error" id="booklet-classes-error">${t("booklets.classesError")}</span>` : nothing}
            </div>`
        }
        <div class="field">
          <label for="booklet-template">${t("booklets.template")}</label>
          <select id="booklet-template" @change=${(e: Event) => (this.template = (e.target as HTMLSelectElement).value as PrintBookletsRequest["template"])}>
            <option value="subject" ?selected=${this.template === "subject"}>${t("booklets.template.subject")}</option>
            <option value="blank" ?selected=${this.template === "blank"}>${t("booklets.template.blank")}</option>
          </select>
        </div>
        ${
          this.template === "blank"
            ? html`<div class="field"><label for="booklet-pages">${t("booklets.pages")}</label><input id="booklet-pages" type="number" min="1" max="40" .value=${this.pages} @input=${set("pages")} /></div>`
            : nothing
        }
        <div class="field"><label for="booklet-extra">${t("booklets.extra")}</label><input id="booklet-extra" type="number" min="0" max="1000" .value=${this.extra} @input=${set("extra")} /></div>
      </div>
      <div class="row"><button class="btn btn-primary" type="submit" ?disabled=${this.printing}>${this.printing ? t("booklets.printing") : t("booklets.print")}</button></div>
    </form>`;
  }

  private renderSummary() {
    const s = this.summary;
    if (!s) return nothing;
    if (!s.runs.length) return html`<p class="muted">${t("booklets.none")}</p>`;
    return html`<dl class="figures" aria-live="polite">
      <dt>${t("booklets.runs")}</dt>
      <dd>
        <ul>
          ${s.runs.map(
            (r) => html`<li>
              ${t("booklets.run", { run: r.run, n: r.booklets, extra: r.extraSheets, pages: r.pageCount })}${r.named ? html` (${t("booklets.runNamed")})` : nothing}
              — <a href=${r.pdfUrl} download>PDF</a>
            </li>`,
          )}
        </ul>
      </dd>
      <dt>${t("booklets.scanned")}</dt>
      <dd data-testid="booklets-scanned">${t("booklets.scannedValue", { scanned: s.scanned, total: s.booklets, complete: s.complete })}</dd>
      ${
        s.incomplete.length
          ? html`<dt>${t("booklets.incomplete")}</dt>
            <dd><ul data-testid="booklets-missing">${s.incomplete.map((c) => html`<li>${t("booklets.missing", { code: c.anonymousCode, pages: c.missing.join(", ") })}</li>`)}</ul></dd>`
          : nothing
      }
      ${
        s.loosePages.length
          ? html`<dt>${t("booklets.loose")}</dt>
            <dd><ul data-testid="booklets-loose">${s.loosePages.map((l) => html`<li>${l.pages} × ${looseReasonLabel(l.reason)}</li>`)}</ul></dd>`
          : nothing
      }
    </dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-booklets": KoBooklets;
  }
}
