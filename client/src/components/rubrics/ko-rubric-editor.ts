import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { getExam, getScale, type ExamSummary } from "../../api/intake.ts";
import { applyRubric, getRubric, previewRubric, undoRubric, type Rubric, type RubricChange, type RubricPreview } from "../../api/rubrics.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { session } from "../../session.ts";
import { alerts, base, buttons, page } from "../../styles/shared.ts";
import { changeOf, draftFrom, newKey, type DraftItem, type DraftProblem, type DraftQuestion } from "./rubric-draft.ts";
import "./ko-rubric-preview.ts";
import type { KoRubricPreview } from "./ko-rubric-preview.ts";
import { rubricStyles } from "./rubric-styles.ts";

type Status = { kind: "ok" | "error" | "info"; text: () => string } | null;

/**
 * The rubric editor of an exam (office and head teachers): items per question (label, points,
 * feedback, group "one at most", order), scoring mode and bonus, and — for the office — the max
 * points. Nothing is saved directly: a change is previewed (copies that change, old → new totals,
 * boundary crossings, GRADED and released counts), then applied as a new version; undo restores
 * the previous one.
 */
@customElement("ko-rubric-editor")
export class KoRubricEditor extends LitElement {
  static override styles = [base, page, buttons, alerts, rubricStyles];

  @property() examId = "";
  @state() private exam: ExamSummary | null = null;
  @state() private rubric: Rubric | null = null;
  @state() private draft: DraftQuestion[] = [];
  @state() private problems: DraftProblem[] = [];
  @state() private preview: RubricPreview | null = null;
  @state() private pendingChange: RubricChange | null = null;
  @state() private busy = false;
  @state() private status: Status = null;
  @state() private confirmUndo = false;
  private readonly locale = new LocaleController(this);

  private get canEditMax(): boolean {
    return session().user?.role === "ADMIN";
  }

  focusInitial(): void {
    this.renderRoot.querySelector<HTMLElement>("h1")?.focus();
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has("examId") && this.examId) void this.load();
  }

  private async load(keepStatus = false): Promise<void> {
    try {
      const [exam, scale, rubric] = await Promise.all([getExam(this.examId), getScale(this.examId), getRubric(this.examId)]);
      this.exam = exam;
      this.rubric = rubric;
      this.draft = draftFrom(scale.exercises, rubric);
      this.preview = null;
      this.pendingChange = null;
      this.problems = [];
      if (!keepStatus) this.status = null;
    } catch (error) {
      this.status = { kind: "error", text: () => errorMessage(error) };
    }
  }

  override render() {
    if (!this.rubric || !this.exam) {
      return html`<h1 tabindex="-1">${t("rubric.title")}</h1>${this.renderStatus()}${this.status ? nothing : html`<p class="muted" role="status">${t("app.loading")}</p>`}`;
    }
    const dirty = !changeOf(this.draft, this.rubric).empty;
    return html`
      <div class="head">
        <div>
          <h1 tabindex="-1">${t("rubric.title")}</h1>
          <p class="muted">${this.exam.title}</p>
        </div>
        <span class="version" data-version=${this.rubric.version}>${this.rubric.version ? t("rubric.version", { n: this.rubric.version }) : t("rubric.noVersion")}</span>
      </div>
      <p class="muted">${t("rubric.intro")}</p>
      ${this.renderStatus()}
      <form @submit=${this.onPreview} novalidate>
        ${this.draft.map((q) => this.renderQuestion(q))}
        ${this.preview ? html`<ko-rubric-preview .preview=${this.preview} .busy=${this.busy} @ko-apply=${this.onApply} @ko-back=${this.onBack}></ko-rubric-preview>` : nothing}
        <div class="actions">
          ${
            this.preview
              ? nothing
              : html`<button class="btn btn-primary" type="submit" data-action="preview" aria-disabled=${String(this.busy || !dirty)}>${t("rubric.previewButton")}</button>
                ${dirty ? html`<button class="btn" type="button" data-action="discard" @click=${() => this.load()}>${t("rubric.discard")}</button>` : nothing}`
          }
          ${this.renderUndo()}
        </div>
      </form>
    `;
  }

  private renderStatus() {
    if (!this.status) return html`<div role="status" aria-live="polite"></div>`;
    const cls = this.status.kind === "error" ? "alert alert-error" : this.status.kind === "ok" ? "alert alert-success" : "alert alert-info";
    return html`<div class=${cls} role=${this.status.kind === "error" ? "alert" : "status"}>${this.status.text()}</div>`;
  }

  private renderUndo() {
    const parent = this.rubric?.parentNumber ?? null;
    if (parent === null) return nothing;
    if (!this.confirmUndo) {
      return html`<button class="btn" type="button" data-action="undo" @click=${() => this.askUndo()}>${t("rubric.undo", { n: parent })}</button>`;
    }
    return html`<span class="confirm" role="group" aria-label=${t("rubric.undo", { n: parent })}>
      <span>${t("rubric.undoConfirm", { n: parent })}</span>
      <button class="btn btn-danger" type="button" data-action="undo-confirm" @click=${this.onUndo}>${t("rubric.undoYes")}</button>
      <button class="btn" type="button" data-action="undo-cancel" @click=${() => (this.confirmUndo = false)}>${t("rubric.undoNo")}</button>
    </span>`;
  }

  private renderQuestion(q: DraftQuestion) {
    const bad = (field: DraftProblem["field"], itemKey?: string) =>
      this.problems.some((p) => p.questionId === q.id && p.field === field && p.itemKey === itemKey);
    const locked = this.preview !== null;
    return html`<fieldset class="question" data-question=${q.id} ?disabled=${locked}>
      <legend>${q.path} <span class="muted">(${t("rubric.outOf", { max: q.max.toLocaleString("fr") })})</span></legend>
      <div class="settings">
        <div>
          <label for="mode-${q.id}">${t("rubric.mode")}</label>
          <select id="mode-${q.id}" .value=${q.mode} @change=${(e: Event) => this.edit(q, { mode: (e.target as HTMLSelectElement).value as DraftQuestion["mode"] })}>
            <option value="positive" ?selected=${q.mode === "positive"}>${t("rubric.mode.positive")}</option>
            <option value="negative" ?selected=${q.mode === "negative"}>${t("rubric.mode.negative")}</option>
          </select>
        </div>
        <div>
          <label for="bonus-${q.id}">${t("rubric.bonus")}</label>
          <input id="bonus-${q.id}" class="num" inputmode="decimal" .value=${q.bonusText} aria-invalid=${String(bad("bonus"))} @input=${(e: Event) => this.edit(q, { bonusText: (e.target as HTMLInputElement).value })} />
        </div>
        ${
          this.canEditMax
            ? html`<div>
              <label for="max-${q.id}">${t("rubric.max")}</label>
              <input id="max-${q.id}" class="num" inputmode="decimal" .value=${q.maxText} aria-invalid=${String(bad("max"))} @input=${(e: Event) => this.edit(q, { maxText: (e.target as HTMLInputElement).value })} />
            </div>`
            : nothing
        }
      </div>
      ${q.items.length === 0 ? html`<p class="empty-items">${t("rubric.noItems")}</p>` : nothing}
      <ol class="items">
        ${q.items.map((item, index) => this.renderItem(q, item, index, bad))}
      </ol>
      <button class="btn btn-small" type="button" data-action="add-item" @click=${() => this.addItem(q)}>${t("rubric.addItem")}</button>
    </fieldset>`;
  }

  private renderItem(q: DraftQuestion, item: DraftItem, index: number, bad: (f: DraftProblem["field"], k?: string) => boolean) {
    const id = `${q.id}-${item.key}`;
    const set = (patch: Partial<DraftItem>) => this.editItem(q, item, patch);
    const value = (e: Event) => (e.target as HTMLInputElement).value;
    const n = index + 1;
    return html`<li class="item" data-item=${item.id ?? "new"}>
      <div>
        <label for="label-${id}">${t("rubric.item.label", { n })}</label>
        <input id="label-${id}" name="label" maxlength="200" .value=${item.label} aria-invalid=${String(bad("label", item.key))} @input=${(e: Event) => set({ label: value(e) })} />
      </div>
      <div>
        <label for="points-${id}">${t("rubric.item.points")}</label>
        <input id="points-${id}" name="points" class="num" inputmode="decimal" .value=${item.points} aria-invalid=${String(bad("points", item.key))} @input=${(e: Event) => set({ points: value(e) })} />
      </div>
      <div>
        <label for="feedback-${id}">${t("rubric.item.feedback")}</label>
        <input id="feedback-${id}" name="feedback" maxlength="2000" .value=${item.feedback} @input=${(e: Event) => set({ feedback: value(e) })} />
      </div>
      <div>
        <label for="group-${id}">${t("rubric.item.group")}</label>
        <input id="group-${id}" name="group" maxlength="64" .value=${item.group} @input=${(e: Event) => set({ group: value(e) })} />
      </div>
      <div class="tools">
        <button class="btn btn-small" type="button" aria-label=${t("rubric.item.up", { n })} ?disabled=${index === 0} @click=${() => this.move(q, index, -1)}>↑</button>
        <button class="btn btn-small" type="button" aria-label=${t("rubric.item.down", { n })} ?disabled=${index === q.items.length - 1} @click=${() => this.move(q, index, 1)}>↓</button>
        <button class="btn btn-small btn-danger" type="button" aria-label=${t("rubric.item.remove", { n })} @click=${() => this.removeItem(q, index)}>✕</button>
      </div>
    </li>`;
  }

  private edit(q: DraftQuestion, patch: Partial<DraftQuestion>): void {
    this.draft = this.draft.map((x) => (x.id === q.id ? { ...x, ...patch } : x));
  }

  private editItem(q: DraftQuestion, item: DraftItem, patch: Partial<DraftItem>): void {
    this.edit(q, { items: q.items.map((i) => (i.key === item.key ? { ...i, ...patch } : i)) });
  }

  private async addItem(q: DraftQuestion): Promise<void> {
    const item: DraftItem = { key: newKey(), label: "", points: q.mode === "negative" ? "-1" : "1", feedback: "", group: "" };
    this.edit(q, { items: [...q.items, item] });
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>(`#label-${q.id}-${item.key}`)?.focus();
  }

  private move(q: DraftQuestion, index: number, by: -1 | 1): void {
    const items = [...q.items];
    const [moved] = items.splice(index, 1);
    items.splice(index + by, 0, moved!);
    this.edit(q, { items });
  }

  private removeItem(q: DraftQuestion, index: number): void {
    this.edit(q, { items: q.items.filter((_, i) => i !== index) });
  }

  private async onPreview(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy || !this.rubric) return;
    const { change, problems, empty } = changeOf(this.draft, this.rubric);
    this.problems = problems;
    if (problems.length) {
      this.status = { kind: "error", text: () => t("rubric.fixErrors") };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (empty) return;
    this.busy = true;
    this.status = null;
    try {
      this.preview = await previewRubric(this.examId, change);
      this.pendingChange = change;
      await this.updateComplete;
      const panel = this.renderRoot.querySelector<KoRubricPreview>("ko-rubric-preview");
      await panel?.updateComplete;
      panel?.focusHeading();
    } catch (error) {
      this.status = { kind: "error", text: () => errorMessage(error) };
    } finally {
      this.busy = false;
    }
  }

  private onBack(): void {
    this.preview = null;
    this.pendingChange = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[data-action="preview"]')?.focus());
  }

  private async onApply(): Promise<void> {
    if (this.busy || !this.pendingChange) return;
    this.busy = true;
    try {
      const r = await applyRubric(this.examId, this.pendingChange);
      await this.load(true);
      this.status = { kind: "ok", text: () => t("rubric.applied", { n: r.version, changed: r.preview.changed, rerendered: r.rerendered }) };
    } catch (error) {
      this.status = { kind: "error", text: () => errorMessage(error) };
      this.preview = null;
    } finally {
      this.busy = false;
      await this.updateComplete;
      this.focusInitial();
    }
  }

  private async askUndo(): Promise<void> {
    this.confirmUndo = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[data-action="undo-confirm"]')?.focus();
  }

  private async onUndo(): Promise<void> {
    if (this.busy || !this.rubric) return;
    this.busy = true;
    this.confirmUndo = false;
    try {
      const r = await undoRubric(this.examId, this.rubric.version);
      await this.load(true);
      this.status = { kind: "ok", text: () => t("rubric.undone", { n: r.version, changed: r.preview.changed, rerendered: r.rerendered }) };
    } catch (error) {
      this.status = { kind: "error", text: () => errorMessage(error) };
    } finally {
      this.busy = false;
      await this.updateComplete;
      this.focusInitial();
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-rubric-editor": KoRubricEditor;
  }
}
