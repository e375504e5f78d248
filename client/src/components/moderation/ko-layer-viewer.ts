// The supervisor's layer viewer (/copies/:id/layers): one layer, both side by side, or the agreed
// marks, per question; links open each layer's document read-only at the desk.
import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { layerOverview, type LayerOverview, type LayerQuestion } from "../../api/moderation.ts";
import { formatScore } from "../../desk/score-format.ts";
import { errorMessage, getLocale, LocaleController, t } from "../../i18n/i18n.ts";
import { deskPath, moderationPaths, resultsPaths, secondLayerDeskPath } from "../../router.ts";
import { alerts, base, buttons, forms } from "../../styles/shared.ts";

type Show = "first" | "second" | "both" | "agreed";

@customElement("ko-layer-viewer")
export class KoLayerViewer extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    css`
    :host { display: block; max-width: 64rem; margin: 0 auto; padding: 1rem; }
    .choices { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; border: 0; padding: 0; margin: 0.75rem 0; }
    .choices legend { font-weight: 600; }
    .choices label { display: flex; flex-direction: row; gap: 0.5rem; align-items: center; min-height: 44px; font-weight: normal; }
    .choices input { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--border, #d0d7de); }
    td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr.gap td.gap { font-weight: 700; }
    .links { display: flex; gap: 0.75rem; flex-wrap: wrap; margin-top: 1rem; }
    .btn { min-height: 44px; }
    .source { color: var(--muted, #57606a); font-size: 0.9em; }
    .comment { font-size: 0.85em; color: var(--muted, #57606a); text-align: left; max-width: 22rem; margin-left: auto; white-space: pre-wrap; }
    .layers-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin-top: 1rem; }
    .layers-facts dt { font-weight: 600; }
    .layers-facts dd { margin: 0; }
  `,
  ];

  @property() copyId = "";
  @state() private data: LayerOverview | null = null;
  @state() private error: (() => string) | null = null;
  @state() private show: Show = "both";
  private loaded = "";

  constructor() {
    super();
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.copyId && this.copyId !== this.loaded) {
      this.loaded = this.copyId;
      layerOverview(this.copyId).then(
        (d) => (this.data = d),
        (err) => (this.error = () => errorMessage(err)),
      );
    }
  }

  private mark(v: number | null, comment: string | null = null) {
    const shown = v === null ? html`<span class="muted">${t("moderation.layers.unscored")}</span>` : formatScore(v, getLocale());
    return comment ? html`${shown}<div class="comment">${comment}</div>` : shown;
  }

  override render() {
    if (this.error) return html`<div class="alert alert-error" role="alert">${this.error()}</div>`;
    const d = this.data;
    if (!d) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    const m = d.marking;
    return html`
      <a href=${resultsPaths.supervisionExam(d.copy.examId)}>← ${t("moderation.layers.back")}</a>
      <h1 tabindex="-1">${t("moderation.layers.title", { code: d.copy.anonymousCode })}</h1>
      <p>${
        m
          ? t("moderation.layers.markers", {
              first: m.firstMarker?.displayName ?? t("moderation.nobody"),
              second: m.marker?.displayName ?? t("moderation.nobody"),
              status: t(`moderation.status.${m.status}`),
            })
          : t("moderation.layers.noMarking")
      }</p>
      <fieldset class="choices">
        <legend>${t("moderation.layers.show")}</legend>
        ${(["first", "second", "both", "agreed"] as const).map((s) => html`<label><input type="radio" name="show" value=${s} .checked=${this.show === s} @change=${() => (this.show = s)} /> ${t(`moderation.layers.${s}`)}</label>`)}
      </fieldset>
      ${this.renderTable(d)}
      <div class="links">
        <a class="btn" href=${deskPath(d.copy.id)}>${t("moderation.layers.openFirst")}</a>
        ${m ? html`<a class="btn" href=${secondLayerDeskPath(d.copy.id)}>${t("moderation.layers.openSecond")}</a>` : nothing}
        ${m?.status === "DONE" ? html`<a class="btn btn-primary" href=${moderationPaths.reconcile(d.copy.examId, d.copy.id)}>${t("moderation.layers.reconcile")}</a>` : nothing}
      </div>
    `;
  }

  private renderTable(d: LayerOverview) {
    const first = this.show === "first" || this.show === "both";
    const second = this.show === "second" || this.show === "both";
    const agreed = this.show === "agreed";
    const row = (q: LayerQuestion) => {
      const gap = q.first !== null && q.second !== null ? Math.abs(q.first - q.second) : null;
      return html`<tr class=${gap ? "gap" : ""} data-question=${q.questionId}>
        <th scope="row">${q.path}</th>
        <td class="num">${formatScore(q.max, getLocale())}</td>
        ${first ? html`<td class="num" data-layer="first">${this.mark(q.first, q.comments.first)}</td>` : nothing}
        ${second ? html`<td class="num" data-layer="second">${this.mark(q.second, q.comments.second)}</td>` : nothing}
        ${this.show === "both" ? html`<td class="num gap">${gap === null ? "" : formatScore(gap, getLocale())}</td>` : nothing}
        ${
          agreed
            ? html`<td class="num" data-layer="agreed">${q.agreed ? html`${formatScore(q.agreed.mark, getLocale())} <span class="source">(${t(`moderation.layers.source.${q.agreed.source}`)})</span>` : html`<span class="muted">${t("moderation.layers.noAgreed")}</span>`}</td>`
            : nothing
        }
      </tr>`;
    };
    return html`<table data-show=${this.show}>
      <thead><tr>
        <th scope="col">${t("moderation.layers.question")}</th><th scope="col" class="num">${t("moderation.layers.max")}</th>
        ${first ? html`<th scope="col" class="num">${t("moderation.layers.first")}</th>` : nothing}
        ${second ? html`<th scope="col" class="num">${t("moderation.layers.second")}</th>` : nothing}
        ${this.show === "both" ? html`<th scope="col" class="num">${t("moderation.layers.gap")}</th>` : nothing}
        ${agreed ? html`<th scope="col" class="num">${t("moderation.layers.agreed")}</th>` : nothing}
      </tr></thead>
      <tbody>${d.questions.map(row)}</tbody>
      <tfoot><tr>
        <th scope="row">${t("moderation.layers.total")}</th><td class="num">${formatScore(d.max, getLocale())}</td>
        ${first ? html`<td class="num">${formatScore(d.firstTotal, getLocale())}</td>` : nothing}
        ${second ? html`<td class="num">${formatScore(d.secondTotal, getLocale())}</td>` : nothing}
        ${this.show === "both" ? html`<td></td>` : nothing}
        ${agreed ? html`<td></td>` : nothing}
      </tr></tfoot>
    </table>
    ${
      first || second
        ? html`<dl class="layers-facts">
          ${first ? html`<dt>${t("moderation.layers.first")}</dt><dd>${t("moderation.layers.annotations", { count: d.annotations.first })}${d.general.first ? html` · ${d.general.first}` : nothing}</dd>` : nothing}
          ${second ? html`<dt>${t("moderation.layers.second")}</dt><dd>${t("moderation.layers.annotations", { count: d.annotations.second })}${d.general.second ? html` · ${d.general.second}` : nothing}</dd>` : nothing}
        </dl>`
        : nothing
    }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-layer-viewer": KoLayerViewer;
  }
}
