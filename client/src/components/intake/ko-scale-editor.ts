import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { ApiError } from "../../api/http.ts";
import { getScale, saveScale, type ExamSummary, type ScaleIssue } from "../../api/intake.ts";
import { LocaleController, errorMessage, getLocale, t, type MessageKey } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import * as M from "./scale-model.ts";
import { issueText } from "./scale-issues.ts";
import { scaleStyles } from "./scale-styles.ts";

const KIND: Record<number, MessageKey> = { 1: "intake.scale.exercise", 2: "intake.scale.question", 3: "intake.scale.subquestion" };

/** The grading scale: exercises → questions → sub-questions, points on the last level, live total. */
@customElement("ko-scale-editor")
export class KoScaleEditor extends LitElement {
  static override styles = [base, page, cards, buttons, forms, alerts, intakeStyles, scaleStyles];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private nodes: M.DraftNode[] | null = null;
  @state() private locked = false;
  @state() private dirty = false;
  @state() private busy = false;
  @state() private issues = new Map<string, Array<{ field: string; message: string }>>();
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private loadedFor = "";
  private focusAfter: { key: string; field: string } | null = null;

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.loadedFor) {
      this.loadedFor = this.exam.id;
      void this.load();
    }
  }

  override updated(): void {
    if (!this.focusAfter) return;
    const { key, field } = this.focusAfter;
    this.focusAfter = null;
    this.renderRoot.querySelector<HTMLElement>(`[data-key="${key}"] [data-field="${field}"]`)?.focus();
  }

  override render() {
    const readOnly = this.exam.status === "ARCHIVED";
    const sums = M.totals(this.nodes ?? []);
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.scale.title")}</h1>
          <p>${t("intake.scale.intro")}</p>
        </div>
        <p class="total" aria-live="polite" aria-atomic="true">
          <span>${t("intake.scale.total")}</span> <strong id="total">${fmt(sums.total)}</strong> ${t("intake.scale.points")}
          ${Object.entries(sums.byVariant).map(([v, p]) => html`<span class="badge badge-info">${t("intake.scale.variantTotal", { variant: v, points: fmt(p) })}</span>`)}
        </p>
      </div>
      ${this.locked ? html`<div class="alert alert-info mb">${t("intake.scale.lockedInfo")}</div>` : nothing}
      <div class="messages mb">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${this.nodes ? this.renderTable(this.nodes, readOnly) : html`<p class="muted" role="status">${t("app.loading")}</p>`}
      ${
        readOnly || !this.nodes
          ? nothing
          : html`<div class="row spread mt">
            <button class="btn" type="button" ?disabled=${this.locked} @click=${this.addExercise}>${t("intake.scale.addExercise")}</button>
            <div class="row">
              ${this.dirty ? html`<span class="muted">${t("intake.scale.unsaved")}</span>` : nothing}
              <button class="btn btn-primary" type="button" aria-disabled=${String(this.busy)} @click=${this.save}>
                ${this.busy ? t("password.submitting") : t("intake.scale.save")}
              </button>
            </div>
          </div>
          <p class="kbd-hint mt">${t("intake.scale.keys")}</p>`
      }
    `;
  }

  private renderTable(nodes: M.DraftNode[], readOnly: boolean) {
    if (nodes.length === 0) return html`<div class="empty"><p>${t("intake.scale.empty")}</p></div>`;
    return html`<div class="table-wrap card">
      <table class="scale">
        <caption class="visually-hidden">${t("intake.scale.title")}</caption>
        <thead>
          <tr>
            <th scope="col">${t("intake.scale.col.label")}</th>
            <th scope="col">${t("intake.scale.col.variant")}</th>
            <th scope="col" class="num">${t("intake.scale.col.points")}</th>
            <th scope="col"><span class="visually-hidden">${t("users.col.actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${M.flatten(nodes).map((row) => this.renderRow(row, readOnly))}
        </tbody>
      </table>
    </div>`;
  }

  private renderRow({ node, path, depth, siblings }: ReturnType<typeof M.flatten>[number], readOnly: boolean) {
    const kind = t(KIND[depth]!);
    const leaf = node.children.length === 0;
    const issues = this.issues.get(node.key) ?? [];
    const errorOf = (field: string) => issues.filter((i) => i.field === field || (field === "label" && i.field === "row"));
    const structure = readOnly || this.locked;
    const index = path[path.length - 1]!;
    const name = node.label || kind;
    const errId = `err-${node.key}`;
    return html`<tr data-key=${node.key} class="depth-${depth}" @keydown=${(e: KeyboardEvent) => this.onKey(e, path, depth)}>
      <th scope="row">
        <div class="label-cell">
          <span class="kind" aria-hidden="true">${kind}</span>
          <input data-field="label" .value=${node.label} maxlength="120" ?disabled=${readOnly}
            aria-label=${t("intake.scale.labelOf", { kind, n: index + 1 })}
            aria-invalid=${String(errorOf("label").length > 0)} aria-describedby=${issues.length ? errId : nothing}
            @input=${(e: Event) => this.edit(path, { label: (e.target as HTMLInputElement).value })} />
        </div>
        ${issues.length ? html`<ul class="issues" id=${errId}>${issues.map((i) => html`<li>${issueText(i.message)}</li>`)}</ul>` : nothing}
      </th>
      <td>
        <select data-field="variant" ?disabled=${structure} aria-label=${t("intake.scale.variantOf", { name })}
          @change=${(e: Event) => this.edit(path, { variant: (e.target as HTMLSelectElement).value })}>
          ${["", "A", "B"].map((v) => html`<option value=${v} ?selected=${node.variant === v}>${v ? t("intake.scale.variant", { v }) : "—"}</option>`)}
        </select>
      </td>
      <td class="num">
        ${
          leaf
            ? html`<input data-field="points" class="points" inputmode="decimal" .value=${node.points} ?disabled=${readOnly}
              aria-label=${t("intake.scale.pointsOf", { name })} aria-invalid=${String(errorOf("maxPoints").length > 0)}
              @input=${(e: Event) => this.edit(path, { points: (e.target as HTMLInputElement).value })} />`
            : html`<span class="subtotal">= ${fmt(M.subtotal(node))}</span>`
        }
      </td>
      <td class="actions">
        <button class="btn btn-small" type="button" ?disabled=${structure || index === 0} @click=${() => this.move(path, -1)}
          aria-label=${t("intake.scale.moveUp", { name })}>↑</button>
        <button class="btn btn-small" type="button" ?disabled=${structure || index === siblings - 1} @click=${() => this.move(path, 1)}
          aria-label=${t("intake.scale.moveDown", { name })}>↓</button>
        ${
          depth < M.MAX_DEPTH
            ? html`<button class="btn btn-small" type="button" ?disabled=${structure} @click=${() => this.addChild(path, depth)}>
              + ${t(KIND[depth + 1]!)}<span class="visually-hidden"> — ${name}</span></button>`
            : nothing
        }
        <button class="btn btn-small" type="button" ?disabled=${structure} @click=${() => this.removeRow(path)}
          aria-label=${t("intake.scale.remove", { name })}>✕</button>
      </td>
    </tr>`;
  }

  private onKey(e: KeyboardEvent, path: M.NodePath, depth: number): void {
    if (this.locked || this.exam.status === "ARCHIVED") return;
    const field = (e.target as HTMLElement).dataset.field ?? "label";
    if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) this.move(path, e.key === "ArrowUp" ? -1 : 1, field);
    else if (e.altKey && e.key === "ArrowRight" && depth < M.MAX_DEPTH) this.addChild(path, depth);
    else if (e.altKey && (e.key === "Delete" || e.key === "Backspace")) this.removeRow(path);
    else if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") this.addSibling(path, depth);
    else return;
    e.preventDefault();
  }

  private edit(path: M.NodePath, patch: Partial<Pick<M.DraftNode, "label" | "points" | "variant">>): void {
    this.nodes = M.update(this.nodes!, path, patch);
    this.dirty = true;
    this.status = null;
  }

  private apply([nodes, path]: [M.DraftNode[], M.NodePath], field = "label"): void {
    this.nodes = nodes;
    this.dirty = true;
    this.status = null;
    this.focusAfter = { key: M.nodeAt(nodes, path).key, field };
  }

  private addExercise(): void {
    this.apply(M.addTop(this.nodes!, M.blank(t("intake.scale.newExercise", { n: this.nodes!.length + 1 }))));
  }

  private addSibling(path: M.NodePath, depth: number): void {
    const parent = path.length > 1 ? M.nodeAt(this.nodes!, path.slice(0, -1)) : null;
    this.apply(M.insertAfter(this.nodes!, path, M.blank(childLabel(parent, depth, (parent?.children.length ?? this.nodes!.length) + 1))));
  }

  private addChild(path: M.NodePath, depth: number): void {
    const parent = M.nodeAt(this.nodes!, path);
    this.apply(M.addChild(this.nodes!, path, M.blank(childLabel(parent, depth + 1, parent.children.length + 1))));
  }

  private move(path: M.NodePath, delta: -1 | 1, field = "label"): void {
    const moved = M.move(this.nodes!, path, delta);
    if (moved) this.apply(moved, field);
  }

  private removeRow(path: M.NodePath): void {
    const next = M.remove(this.nodes!, path);
    this.nodes = next;
    this.dirty = true;
    const rows = M.flatten(next);
    const neighbour = rows.find((r) => r.path.join() === path.join()) ?? rows[rows.length - 1];
    this.focusAfter = neighbour ? { key: neighbour.node.key, field: "label" } : null;
    this.status = () => t("intake.scale.removed");
  }

  private async load(): Promise<void> {
    try {
      const scale = await getScale(this.exam.id);
      this.nodes = M.fromScale(scale, getLocale());
      this.locked = scale.locked;
      this.dirty = false;
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private async save(): Promise<void> {
    if (this.busy || !this.nodes) return;
    this.busy = true;
    this.error = null;
    this.status = null;
    const sent = this.nodes;
    try {
      const scale = await saveScale(this.exam.id, M.toInput(sent));
      this.nodes = M.fromScale(scale, getLocale());
      this.locked = scale.locked;
      this.issues = new Map();
      this.dirty = false;
      this.status = () => t("intake.scale.saved", { total: fmt(scale.total) });
    } catch (error) {
      this.showError(error, sent);
    } finally {
      this.busy = false;
    }
  }

  private showError(error: unknown, sent: M.DraftNode[]): void {
    const issues = (error instanceof ApiError && (error.details as { issues?: ScaleIssue[] } | undefined)?.issues) || [];
    this.issues = M.issuesByKey(sent, issues);
    if (error instanceof ApiError && error.code === "SCALE_LOCKED") {
      this.locked = true;
      this.error = () => t("intake.scale.lockedError");
    } else if (issues.length) {
      const count = issues.length;
      this.error = () => t("intake.scale.invalid", { count });
      const first = [...this.issues.keys()][0];
      if (first) this.focusAfter = { key: first, field: "label" };
    } else this.error = () => errorMessage(error);
  }
}

const fmt = (n: number) => M.formatPoints(n, getLocale());

/** "Exercice 3", "2.a", "2.a.1": a starting label the user can change. */
function childLabel(parent: M.DraftNode | null, depth: number, n: number): string {
  if (depth === 1 || !parent) return t("intake.scale.newExercise", { n });
  const stem = /(\d+(?:\.[a-z0-9]+)*)\s*$/i.exec(parent.label)?.[1] ?? parent.label;
  return depth === 2 ? `${stem}.${String.fromCharCode(96 + Math.min(n, 26))}` : `${stem}.${n}`;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-scale-editor": KoScaleEditor;
  }
}
