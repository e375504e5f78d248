import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import type { RosterPreview, RosterProblem, RosterRow } from "../../api/intake.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import { FIELD_LABEL, problemPlace, problemText } from "./roster-problems.ts";

type Col = "ine" | "lastName" | "firstName" | "className" | "email" | "birthDate";
const COLS: Col[] = ["ine", "lastName", "firstName", "className", "email", "birthDate"];

/** The dry run of a roster file: its problems by line and column, and every row as it would be imported. */
@customElement("ko-roster-preview")
export class KoRosterPreview extends LitElement {
  static override styles = [
    base,
    cards,
    buttons,
    forms,
    alerts,
    intakeStyles,
    css`
      td.error,
      th.error {
        background: var(--ko-color-danger-soft);
        color: var(--ko-color-danger);
        font-weight: 600;
        box-shadow: inset 0 0 0 2px #e39a93;
      }
      td.warning {
        background: var(--ko-color-warning-soft);
        box-shadow: inset 0 0 0 2px #ecd48f;
      }
      tr.row-error th {
        border-left: 4px solid var(--ko-color-danger);
      }
      tr.row-warning th {
        border-left: 4px solid #c99a06;
      }
      .problems li + li {
        margin-top: var(--ko-space-1);
      }
      .place {
        font-weight: 650;
      }
      td.empty-cell::after {
        content: '—';
        color: var(--ko-color-text-muted);
      }
    `,
  ];

  @property({ attribute: false }) preview!: RosterPreview;
  @state() private onlyProblems = true;

  private readonly locale = new LocaleController(this);

  override render() {
    const { problems, rows } = this.preview;
    const byLine = groupByLine(problems);
    const shown = this.onlyProblems && problems.length ? rows.filter((r) => byLine.has(r.line)) : rows;
    return html`<div class="stack">
      ${problems.length ? this.renderProblems(problems) : nothing}
      <label class="checkbox" ?hidden=${problems.length === 0}>
        <input type="checkbox" .checked=${this.onlyProblems} @change=${(e: Event) => (this.onlyProblems = (e.target as HTMLInputElement).checked)} />
        ${t("intake.roster.onlyProblems")}
      </label>
      <div class="table-wrap card" role="region" aria-labelledby="rows-caption" tabindex="0">
        <table>
          <caption id="rows-caption">${t("intake.roster.rowsCaption", { shown: shown.length, total: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">${t("intake.roster.col.line")}</th>
              ${COLS.map((c) => html`<th scope="col">${t(FIELD_LABEL[c])}</th>`)}
              <th scope="col">${t("intake.roster.col.action")}</th>
              <th scope="col">${t("intake.roster.col.account")}</th>
            </tr>
          </thead>
          <tbody>
            ${shown.map((row) => this.renderRow(row, byLine.get(row.line) ?? []))}
          </tbody>
        </table>
      </div>
    </div>`;
  }

  private renderProblems(problems: RosterProblem[]) {
    const errors = problems.filter((p) => p.severity === "error");
    const warnings = problems.filter((p) => p.severity === "warning");
    const list = (items: RosterProblem[]) =>
      html`<ul class="problems">${items.map((p) => html`<li><span class="place">${problemPlace(p)}</span> — ${problemText(p)}</li>`)}</ul>`;
    return html`
      ${errors.length ? html`<div class="alert alert-error"><strong>${t("intake.roster.errors", { count: errors.length })}</strong>${list(errors)}</div>` : nothing}
      ${warnings.length ? html`<div class="alert alert-info"><strong>${t("intake.roster.warnings", { count: warnings.length })}</strong>${list(warnings)}</div>` : nothing}
    `;
  }

  private renderRow(row: RosterRow, problems: RosterProblem[]) {
    const fields = this.preview.columns.map((c) => c.field);
    const cellProblem = (col: Col) =>
      problems.find(
        (p) => p.column !== null && (fields[p.column - 1] === col || (fields[p.column - 1] === "fullName" && (col === "lastName" || col === "firstName"))),
      );
    const rowLevel = problems.some((p) => p.severity === "error") ? "row-error" : problems.length ? "row-warning" : "";
    return html`<tr class=${rowLevel}>
      <th scope="row" class="num">${row.line}</th>
      ${COLS.map((col) => {
        const p = cellProblem(col);
        const value = row[col] ?? "";
        return html`<td class="${p?.severity ?? ""} ${value ? "" : "empty-cell"}" title=${p ? problemText(p) : nothing}>
          ${value}${p ? html`<span class="visually-hidden"> — ${problemText(p)}</span>` : nothing}
        </td>`;
      })}
      <td>${row.valid ? html`<span class="badge ${actionBadge[row.action]}">${t(`intake.roster.action.${row.action}`)}</span>` : html`<span class="badge badge-error">${t("intake.roster.action.invalid")}</span>`}</td>
      <td>${t(`intake.roster.account.${row.account}`)}</td>
    </tr>`;
  }
}

const actionBadge: Record<RosterRow["action"], string> = { create: "badge-ok", update: "badge-info", unchanged: "" };

function groupByLine(problems: RosterProblem[]): Map<number, RosterProblem[]> {
  const out = new Map<number, RosterProblem[]>();
  for (const p of problems) if (p.line !== null) out.set(p.line, [...(out.get(p.line) ?? []), p]);
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-roster-preview": KoRosterPreview;
  }
}
