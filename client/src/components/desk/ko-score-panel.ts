import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import type * as Y from "yjs";
import {
  commentsOf,
  computeMarks,
  decisionTypesOf,
  generalOf,
  readDecisions,
  scoresOf,
  setComment,
  setGeneralComment,
  setScore,
  type CopyDecisions,
} from "../../../../collab/index.ts";
import type { DeskQuestion } from "../../api/grading.ts";
import { questionSpecs, rubricOf, type RubricView } from "../../api/rubric.ts";
import { markTarget } from "../../desk/margin-mark.ts";
import { formatScore, parseScore } from "../../desk/score-format.ts";
import { getLocale, LocaleController, t } from "../../i18n/i18n.ts";
import { base, buttons, forms } from "../../styles/shared.ts";
import type { KoRubricItems } from "./ko-rubric-items.ts";
import { scorePanelStyles } from "./score-panel-styles.ts";
import "./ko-rubric-items.ts";
import "./ko-who-set.ts";

interface Group {
  title: string;
  questions: DeskQuestion[];
}

/** The grading scale as inputs: bounds enforced, live total, a comment per question, a general comment. */
@customElement("ko-score-panel")
export class KoScorePanel extends LitElement {
  static override styles = [base, buttons, forms, scorePanelStyles];

  @property({ attribute: false }) questions: DeskQuestion[] = [];
  /** for "who set this mark" (the copy's history) */
  @property() copyId = "";
  /** no "who set this mark": a moderation layer's marks are its marker's, and the copy's history is not theirs to read */
  @property({ type: Boolean }) noHistory = false;
  @property({ attribute: false }) scope: string[] | null = null;
  @property({ attribute: false }) doc: Y.Doc | null = null;
  @property({ type: Number }) max = 0;
  @property({ type: Boolean }) editable = false;
  /** the question last picked here (the desk keeps it); with `marking`, the one a click on the page places */
  @property({ attribute: false }) selected: string | null = null;
  @property({ type: Boolean }) marking = false;
  /** the exam's current rubric: questions with items are marked by items, the others keep the typed score */
  @property({ attribute: false }) rubric: RubricView | null = null;
  /** question id → item id → copies it is applied on (live counts), when known */
  @property({ attribute: false }) usage: Record<string, Record<string, number>> | null = null;
  @state() private drafts = new Map<string, string>();
  @state() private errors = new Map<string, string>();
  @state() private openComments = new Set<string>();

  private readonly locale = new LocaleController(this);
  private bound: Y.Doc | null = null;
  private markTargetId: string | null = null;
  private generalTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly onDocChange = () => this.requestUpdate();

  override willUpdate(): void {
    if (this.doc === this.bound) return;
    this.unbind();
    this.bound = this.doc;
    if (!this.doc) return;
    for (const m of decisionTypesOf(this.doc)) m.observe(this.onDocChange);
    commentsOf(this.doc).observe(this.onDocChange);
    generalOf(this.doc).observe(this.onDocChange);
  }

  override disconnectedCallback(): void {
    this.unbind();
    super.disconnectedCallback();
  }

  /** A tap or Tab into a score selects what it holds: typing replaces it ("1,5" never becomes "1,51,5"). */
  private onScoreFocus(id: string, e: FocusEvent): void {
    this.select(id);
    const input = e.currentTarget as HTMLInputElement;
    input.select();
    // a tap places the caret after focus: select again once it is down
    input.addEventListener("pointerup", () => input.select(), { once: true });
  }

  /** Shortcut G: the first question without a score (or the first one). */
  focusScoreEntry(): void {
    const marks = this.doc ? computeMarks({ questions: questionSpecs(this.questions, this.rubric) }, readDecisions(this.doc)) : null;
    const unscored = new Set(marks?.unscored ?? []);
    const target = this.questions.find((q) => this.inScope(q.id) && unscored.has(q.id)) ?? this.questions[0];
    if (!target) return;
    if (rubricOf(this.rubric, target.id)) {
      this.select(target.id);
      this.renderRoot.querySelector<HTMLElement>(`#q-${target.id}`)?.focus();
    } else this.renderRoot.querySelector<HTMLInputElement>(`#q-${target.id}`)?.focus();
  }

  /** The rubric question keys 1–9 act on: the one picked, else the first of one's range with items. */
  get activeRubricQuestion(): string | null {
    if (this.selected && rubricOf(this.rubric, this.selected) && this.inScope(this.selected)) return this.selected;
    return this.questions.find((q) => this.inScope(q.id) && rubricOf(this.rubric, q.id))?.id ?? null;
  }

  /** Keys 1–9 / Shift+1–9: toggles that item of the active rubric question; false when there is none. */
  toggleItem(index: number): boolean {
    const id = this.activeRubricQuestion;
    if (!id) return false;
    return this.renderRoot.querySelector<KoRubricItems>(`ko-rubric-items[data-question="${CSS.escape(id)}"]`)?.toggleItem(index) ?? false;
  }

  /** Opens the active rubric question's adjustment form. */
  focusAdjustment(): void {
    const id = this.activeRubricQuestion;
    if (id) this.renderRoot.querySelector<KoRubricItems>(`ko-rubric-items[data-question="${CSS.escape(id)}"]`)?.focusAdjustment();
  }

  override render() {
    if (!this.doc) return nothing;
    const decisions = readDecisions(this.doc);
    const marks = computeMarks({ questions: questionSpecs(this.questions, this.rubric) }, decisions);
    const scores = Object.fromEntries(marks.marks.map((m) => [m.questionId, m.score]));
    const total = marks.total;
    this.decisions = decisions;
    const locale = getLocale();
    this.markTargetId = this.marking ? (markTarget(this.selected, this.questions, this.scope, (id) => scores[id])?.id ?? null) : null;
    return html`<section aria-labelledby="scale-title">
      <div class="head">
        <h2 id="scale-title">${t("desk.scale.title")}</h2>
        <p class="total" role="status">
          ${t("desk.scale.total")} <strong data-total>${formatScore(total, locale)}</strong> / ${formatScore(this.max, locale)}
        </p>
      </div>
      ${groups(this.questions).map((g) => this.renderGroup(g, scores))}
      <div class="general">
        <label for="general">${t("desk.scale.general")}</label>
        <textarea id="general" rows="4" ?readonly=${!this.editable} .value=${live(this.generalValue())}
          @input=${this.onGeneralInput} @change=${this.commitGeneral}></textarea>
      </div>
    </section>`;
  }

  private renderGroup(g: Group, scores: Record<string, number | null>) {
    const body = g.questions.map((q) => this.renderQuestion(q, scores[q.id]));
    if (!g.title) return html`<div class="group">${body}</div>`;
    return html`<fieldset class="group"><legend>${g.title}</legend>${body}</fieldset>`;
  }

  private decisions: CopyDecisions | null = null;

  private renderRubricQuestion(q: DeskQuestion, score: number | null | undefined) {
    const rubric = rubricOf(this.rubric, q.id)!;
    const mine = this.inScope(q.id);
    const active = this.activeRubricQuestion === q.id;
    return html`<div class="question rubric ${typeof score === "number" ? "scored" : ""} ${active ? "active" : ""}" data-rubric-question=${q.id}>
      <div class="row">
        <button id="q-${q.id}" type="button" class="q-label pick" title=${q.path} aria-pressed=${String(active)} @click=${() => this.select(q.id)} @focus=${() => this.select(q.id)}>${q.label}</button>
        <span class="score-readonly" data-score>${formatScore(score, getLocale())}</span>
        <span class="max">/ ${formatScore(q.maxPoints, getLocale())}</span>
        ${this.noHistory ? nothing : html`<ko-who-set .copyId=${this.copyId} .question=${q}></ko-who-set>`}
        <span class="hint">${t("desk.rubric.keysHint")}</span>
      </div>
      ${!mine ? html`<p class="hint">${t("desk.scale.outOfScope")}</p>` : nothing}
      <ko-rubric-items data-question=${q.id} .question=${q} .rubric=${rubric} .decisions=${this.decisions!} .doc=${this.doc}
        ?editable=${this.editable && mine} ?active=${active && this.editable && mine} .usage=${this.usage?.[q.id] ?? null}></ko-rubric-items>
    </div>`;
  }

  private renderQuestion(q: DeskQuestion, score: number | null | undefined) {
    if (rubricOf(this.rubric, q.id)) return this.renderRubricQuestion(q, score);
    const locale = getLocale();
    const mine = this.inScope(q.id);
    const error = this.errors.get(q.id);
    const comment = this.doc ? (commentsOf(this.doc).get(q.id) ?? "") : "";
    const open = this.openComments.has(q.id);
    const value = this.drafts.get(q.id) ?? formatScore(score, locale);
    const target = this.markTargetId === q.id;
    return html`<div class="question ${typeof score === "number" ? "scored" : ""} ${target ? "mark-target" : ""}">
      <div class="row">
        <label class="q-label" for="q-${q.id}" title=${q.path}>${q.label}</label>
        <input id="q-${q.id}" class="score" inputmode="decimal" autocomplete="off"
          aria-label=${t("desk.scale.inputLabel", { label: q.label, max: formatScore(q.maxPoints, locale) })}
          aria-invalid=${error ? "true" : "false"} aria-describedby=${error ? `e-${q.id}` : nothing}
          ?disabled=${!mine} ?readonly=${!this.editable}
          .value=${live(value)} @input=${(e: Event) => this.onScoreInput(q, e)} @change=${(e: Event) => this.commitScore(q, e)}
          @focus=${(e: FocusEvent) => this.onScoreFocus(q.id, e)}
          @keydown=${(e: KeyboardEvent) => this.onScoreKey(q, e)} />
        <span class="max">/ ${formatScore(q.maxPoints, locale)}</span>
        <button type="button" class="btn btn-small comment-toggle ${comment ? "has-comment" : ""}" aria-expanded=${String(open)}
          aria-controls="c-${q.id}" @click=${() => this.toggleComment(q.id)}>
          ${comment ? t("desk.scale.commentEdit") : t("desk.scale.commentAdd")}<span class="visually-hidden"> — ${q.label}</span>
        </button>
        ${this.noHistory ? nothing : html`<ko-who-set .copyId=${this.copyId} .question=${q}></ko-who-set>`}
      </div>
      ${!mine ? html`<p class="hint">${t("desk.scale.outOfScope")}</p>` : nothing}
      ${target ? html`<p class="hint mark-hint">${t("desk.scale.markTarget")}</p>` : nothing}
      ${error ? html`<p class="field-error" id="e-${q.id}" role="alert">${error}</p>` : nothing}
      <div class="comment" id="c-${q.id}" ?hidden=${!open}>
        <label class="visually-hidden" for="ct-${q.id}">${t("desk.scale.commentLabel", { label: q.label })}</label>
        <textarea id="ct-${q.id}" rows="2" ?readonly=${!this.editable || !mine} .value=${live(comment)}
          placeholder=${t("desk.scale.commentPlaceholder")} @change=${(e: Event) => this.commitComment(q, e)}></textarea>
      </div>
    </div>`;
  }

  private select(id: string): void {
    if (this.selected === id) return;
    this.dispatchEvent(new CustomEvent("ko-question-select", { detail: id, bubbles: true, composed: true }));
  }

  private inScope(id: string): boolean {
    return this.scope === null || this.scope.includes(id);
  }

  private onScoreInput(q: DeskQuestion, e: Event): void {
    this.drafts = new Map(this.drafts).set(q.id, (e.target as HTMLInputElement).value);
  }

  private commitScore(q: DeskQuestion, e: Event): boolean {
    if (!this.doc || !this.editable) return false;
    const text = (e.target as HTMLInputElement).value;
    const parsed = parseScore(text, q.maxPoints);
    const errors = new Map(this.errors);
    if (!parsed.ok) {
      errors.set(q.id, t(`desk.scale.error.${parsed.reason}`, { max: formatScore(q.maxPoints, getLocale()) }));
      this.errors = errors;
      return false;
    }
    errors.delete(q.id);
    this.errors = errors;
    const drafts = new Map(this.drafts);
    drafts.delete(q.id);
    this.drafts = drafts;
    if (scoresOf(this.doc).get(q.id) !== parsed.value) setScore(this.doc, q.id, parsed.value);
    return true;
  }

  /** Enter saves and moves on to the next question of one's range; Escape puts the saved value back. */
  private onScoreKey(q: DeskQuestion, e: KeyboardEvent): void {
    if (e.key === "Escape") {
      if (!this.drafts.has(q.id) && !this.errors.has(q.id)) return; // nothing to undo here: the desk leaves the field
      e.preventDefault();
      const drafts = new Map(this.drafts);
      drafts.delete(q.id);
      this.drafts = drafts;
      const errors = new Map(this.errors);
      errors.delete(q.id);
      this.errors = errors;
      return;
    }
    if (e.key !== "Enter" || e.ctrlKey || e.metaKey) return; // Ctrl+Enter is the desk's "finalize and next"
    e.preventDefault();
    if (!this.commitScore(q, e)) return;
    const mine = this.questions.filter((x) => this.inScope(x.id));
    const next = mine[mine.findIndex((x) => x.id === q.id) + 1];
    if (next) return this.renderRoot.querySelector<HTMLInputElement>(`#q-${next.id}`)?.select();
    // Enter on the last score with every question scored: "Finaliser" comes next
    const unscored = this.doc ? computeMarks({ questions: questionSpecs(this.questions, this.rubric) }, readDecisions(this.doc)).unscored : null;
    if (unscored && mine.every((x) => !unscored.includes(x.id))) {
      this.dispatchEvent(new CustomEvent("ko-finalize-offer", { bubbles: true, composed: true }));
    }
  }

  private toggleComment(id: string): void {
    const open = new Set(this.openComments);
    if (open.has(id)) open.delete(id);
    else open.add(id);
    this.openComments = open;
    if (open.has(id)) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>(`#ct-${id}`)?.focus());
  }

  private commitComment(q: DeskQuestion, e: Event): void {
    if (this.doc && this.editable) setComment(this.doc, q.id, (e.target as HTMLTextAreaElement).value.slice(0, 5000));
  }

  private generalValue(): string {
    const el = this.renderRoot.querySelector<HTMLTextAreaElement>("#general");
    // While typing, the field is the truth; others' edits show once it is left.
    if (el && this.renderRoot instanceof ShadowRoot && this.renderRoot.activeElement === el) return el.value;
    return this.doc ? generalOf(this.doc).toString() : "";
  }

  private onGeneralInput(e: Event): void {
    const value = (e.target as HTMLTextAreaElement).value;
    if (this.generalTimer) clearTimeout(this.generalTimer);
    this.generalTimer = setTimeout(() => this.writeGeneral(value), 600);
  }

  private commitGeneral(e: Event): void {
    if (this.generalTimer) clearTimeout(this.generalTimer);
    this.writeGeneral((e.target as HTMLTextAreaElement).value);
  }

  private writeGeneral(value: string): void {
    this.generalTimer = null;
    if (this.doc && this.editable) setGeneralComment(this.doc, value.slice(0, 20000));
  }

  private unbind(): void {
    if (!this.bound) return;
    for (const m of decisionTypesOf(this.bound)) m.unobserve(this.onDocChange);
    commentsOf(this.bound).unobserve(this.onDocChange);
    generalOf(this.bound).unobserve(this.onDocChange);
    this.bound = null;
  }
}

/** Questions grouped by their parent in the scale ("Exercice 1 › 1.a" → "Exercice 1"). */
function groups(questions: DeskQuestion[]): Group[] {
  const out: Group[] = [];
  for (const q of questions) {
    const parts = q.path.split(" › ");
    const title = parts.slice(0, -1).join(" › ");
    const last = out[out.length - 1];
    if (last && last.title === title) last.questions.push(q);
    else out.push({ title, questions: [q] });
  }
  return out;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-score-panel": KoScorePanel;
  }
}
