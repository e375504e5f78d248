// The supervisor's panel on an exam's dashboard: ask for a blind second marking of a sample
// (a percentage of each grader's copies, or a number) and follow each marking (withdraw, view layers).
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { askSecondMarking, examCopyCodes, secondMarkings, withdrawSecondMarking, type SecondMarkingRow } from "../../api/moderation.ts";
import { errorMessage, LocaleController, t } from "../../i18n/i18n.ts";
import { layersPath } from "../../router.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

@customElement("ko-second-markings")
export class KoSecondMarkings extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
    :host { display: block; margin-block: 2rem; }
    form { display: flex; flex-wrap: wrap; gap: 0.75rem 2rem; align-items: end; margin-block: 0.75rem; }
    fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 0.1rem; }
    legend { font-weight: 600; margin-bottom: 0.35rem; }
    label.choice { display: flex; flex-direction: row; gap: 0.6rem; align-items: center; min-height: 44px; font-weight: normal; }
    label.choice input { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; }
    label.amount { display: grid; gap: 0.25rem; font-weight: 600; }
    label.amount input { width: 8rem; min-height: 44px; }
    table { border-collapse: collapse; width: 100%; margin-top: 0.75rem; }
    th, td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--border, #d0d7de); }
    td.actions { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .btn { min-height: 44px; }
  `,
  ];

  @property() examId = "";
  @state() private rows: SecondMarkingRow[] | null = null;
  @state() private mode: "percent" | "count" | "copies" = "percent";
  @state() private message: (() => string) | null = null;
  @state() private error: (() => string) | null = null;
  @state() private busy = false;
  private loaded = "";

  constructor() {
    super();
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.examId && this.examId !== this.loaded) {
      this.loaded = this.examId;
      void this.reload();
    }
  }

  private async reload(): Promise<void> {
    try {
      this.rows = (await secondMarkings(this.examId)).markings;
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }

  private async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const n = Number(data.get("amount"));
    const reopen = data.get("reopen") === "on";
    this.busy = true;
    this.error = this.message = null;
    try {
      const chosen = this.mode === "copies" ? await this.idsOf(String(data.get("codes") ?? "")) : null;
      if (chosen && chosen.unknown.length > 0) {
        this.error = () => t("moderation.unknownCodes", { codes: chosen.unknown.join(", ") });
        return;
      }
      const r = await askSecondMarking(
        this.examId,
        this.mode === "percent"
          ? { mode: "percent", percent: n, reopen }
          : this.mode === "count"
            ? { mode: "count", count: Math.round(n), reopen }
            : { mode: "copies", copyIds: chosen!.ids, reopen },
      );
      this.message = () => t("moderation.result", { created: r.created.length, skipped: r.skipped.length });
      await this.reload();
    } catch (err) {
      this.error = () => errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  /** Codes typed by the supervisor (any separator) → copy ids; an unknown code is said, nothing is asked. */
  private async idsOf(text: string): Promise<{ ids: string[]; unknown: string[] }> {
    const codes = [
      ...new Set(
        text
          .split(/[\s,;]+/)
          .map((c) => c.trim().toUpperCase())
          .filter(Boolean),
      ),
    ];
    const byCode = new Map((await examCopyCodes(this.examId)).copies.map((c) => [c.anonymousCode.toUpperCase(), c.id]));
    return { ids: codes.filter((c) => byCode.has(c)).map((c) => byCode.get(c)!), unknown: codes.length === 0 ? ["—"] : codes.filter((c) => !byCode.has(c)) };
  }

  private async withdraw(row: SecondMarkingRow): Promise<void> {
    this.error = null;
    try {
      await withdrawSecondMarking(this.examId, row.copyId);
      await this.reload();
    } catch (err) {
      this.error = () => errorMessage(err);
    }
  }

  override render() {
    return html`
      <section aria-labelledby="sm-title" data-testid="second-markings">
        <h2 id="sm-title">${t("moderation.panel.title")}</h2>
        <p class="muted">${t("moderation.panel.intro")}</p>
        <form @submit=${this.submit}>
          <fieldset>
            <legend>${t("moderation.panel.mode")}</legend>
            <label class="choice"><input type="radio" name="mode" value="percent" .checked=${this.mode === "percent"} @change=${() => (this.mode = "percent")} /> ${t("moderation.mode.percent")}</label>
            <label class="choice"><input type="radio" name="mode" value="count" .checked=${this.mode === "count"} @change=${() => (this.mode = "count")} /> ${t("moderation.mode.count")}</label>
            <label class="choice"><input type="radio" name="mode" value="copies" .checked=${this.mode === "copies"} @change=${() => (this.mode = "copies")} /> ${t("moderation.mode.copies")}</label>
          </fieldset>
          ${
            this.mode === "copies"
              ? html`<label class="amount">${t("moderation.codes")}
                <input name="codes" type="text" required autocomplete="off" placeholder=${t("moderation.codesHint")} />
              </label>`
              : html`<label class="amount">${this.mode === "percent" ? t("moderation.percent") : t("moderation.count")}
                <input name="amount" type="number" required min="1" max=${this.mode === "percent" ? 100 : 10000} step=${this.mode === "percent" ? "any" : 1} .value=${this.mode === "percent" ? "10" : "5"} />
              </label>`
          }
          <label class="choice"><input type="checkbox" name="reopen" /> ${t("moderation.reopen")}</label>
          <button class="btn btn-primary" type="submit" ?disabled=${this.busy}>${t("moderation.submit")}</button>
        </form>
        ${this.message ? html`<div class="alert alert-success" role="status">${this.message()}</div>` : nothing}
        ${this.error ? html`<div class="alert alert-error" role="alert">${this.error()}</div>` : nothing}
        ${this.rows === null ? html`<p class="muted" role="status">${t("app.loading")}</p>` : this.rows.length === 0 ? html`<p class="muted">${t("moderation.none")}</p>` : this.renderTable(this.rows)}
      </section>
    `;
  }

  private renderTable(rows: SecondMarkingRow[]) {
    return html`<table>
      <caption class="visually-hidden">${t("moderation.caption")}</caption>
      <thead><tr><th scope="col">${t("moderation.col.code")}</th><th scope="col">${t("moderation.col.first")}</th><th scope="col">${t("moderation.col.second")}</th><th scope="col">${t("moderation.col.status")}</th><th scope="col">${t("moderation.col.actions")}</th></tr></thead>
      <tbody>
        ${rows.map(
          (r) => html`<tr data-marking=${r.copyId}>
          <th scope="row">${r.anonymousCode}</th>
          <td>${r.firstMarker?.displayName ?? t("moderation.nobody")}</td>
          <td>${r.marker?.displayName ?? t("moderation.nobody")}</td>
          <td data-status=${r.status}>${t(`moderation.status.${r.status}`)}</td>
          <td class="actions">
            <a class="btn btn-small" href=${layersPath(r.copyId)} aria-label=${t("moderation.viewLayersLabel", { code: r.anonymousCode })}>${t("moderation.viewLayers")}</a>
            ${r.status === "CANCELLED" ? nothing : html`<button class="btn btn-small" type="button" @click=${() => void this.withdraw(r)} aria-label=${t("moderation.cancelLabel", { code: r.anonymousCode })}>${t("moderation.cancel")}</button>`}
          </td>
        </tr>`,
        )}
      </tbody>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-second-markings": KoSecondMarkings;
  }
}
