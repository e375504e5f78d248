import { LitElement, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { RubricPreview } from "../../api/rubrics.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons } from "../../styles/shared.ts";
import { rubricStyles } from "./rubric-styles.ts";

const fmt = (n: number) => n.toLocaleString(document.documentElement.lang || "fr", { maximumFractionDigits: 2 });

/** What a rubric change would do, shown before it is applied: counts and every changed copy's old → new total. */
@customElement("ko-rubric-preview")
export class KoRubricPreview extends LitElement {
  static override styles = [base, buttons, alerts, rubricStyles];

  @property({ attribute: false }) preview!: RubricPreview;
  @property({ type: Boolean }) busy = false;
  private readonly locale = new LocaleController(this);

  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>("h2")?.focus();
  }

  override render() {
    const p = this.preview;
    return html`
      <section class="preview" aria-labelledby="preview-title">
        <h2 id="preview-title" tabindex="-1">${t("rubric.preview.title")}</h2>
        ${p.copiesWithDecisions === 0 ? html`<p>${t("rubric.preview.noneGraded")}</p>` : nothing}
        <ul class="counts">
          <li data-count="changed"><strong>${p.changed}</strong>${t("rubric.preview.changed", { total: p.copiesWithDecisions })}</li>
          <li data-count="crossing"><strong>${p.crossing}</strong>${t("rubric.preview.crossing")}</li>
          <li data-count="graded"><strong>${p.graded}</strong>${t("rubric.preview.graded")}</li>
          <li data-count="released"><strong>${p.released}</strong>${t("rubric.preview.released")}</li>
        </ul>
        ${p.boundaries.length ? html`<p class="muted">${t("rubric.preview.boundaries", { list: p.boundaries.map(fmt).join(" ; ") })}</p>` : html`<p class="muted">${t("rubric.preview.noBoundaries")}</p>`}
        ${p.released > 0 ? html`<div class="alert alert-info">${t("rubric.preview.releasedNote")}</div>` : nothing}
        ${p.groupConflicts > 0 ? html`<div class="alert alert-info" data-count="group-conflicts">${t("rubric.preview.groupConflicts", { n: p.groupConflicts })}</div>` : nothing}
        ${p.copies.length ? this.renderTable() : nothing}
        <div class="confirm">
          <button class="btn btn-primary" type="button" data-action="apply" aria-disabled=${String(this.busy)} @click=${() => !this.busy && this.emit("ko-apply")}>
            ${this.busy ? t("rubric.applying") : t("rubric.apply")}
          </button>
          <button class="btn" type="button" data-action="back" @click=${() => this.emit("ko-back")}>${t("rubric.backToEdit")}</button>
        </div>
      </section>
    `;
  }

  private renderTable() {
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${t("rubric.preview.tableLabel")}>
      <table>
        <thead>
          <tr>
            <th scope="col">${t("rubric.preview.col.copy")}</th>
            <th scope="col">${t("rubric.preview.col.state")}</th>
            <th scope="col">${t("rubric.preview.col.before")}</th>
            <th scope="col">${t("rubric.preview.col.after")}</th>
            <th scope="col">${t("rubric.preview.col.crossed")}</th>
          </tr>
        </thead>
        <tbody>
          ${this.preview.copies.map(
            (c) => html`<tr class=${c.crossed.length ? "crossing" : ""}>
              <th scope="row">${c.code}</th>
              <td>${t(`rubric.state.${c.state === "GRADED" ? "GRADED" : c.state === "READY" ? "READY" : "OTHER"}`)}${c.released ? html` · ${t("rubric.state.released")}` : nothing}</td>
              <td>${fmt(c.before)} / ${fmt(c.maxBefore)}</td>
              <td class=${c.after < c.before ? "down" : "up"}>${fmt(c.after)} / ${fmt(c.maxAfter)}</td>
              <td>${c.crossed.length ? c.crossed.map(fmt).join(" ; ") : "—"}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private emit(name: string): void {
    this.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-rubric-preview": KoRubricPreview;
  }
}
