import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { dispatchCopies, getDispatch, getScale, type DispatchInput, type DispatchSummary, type ExamSummary, type ScaleNode } from "../../api/intake.ts";
import type { User } from "../../api/types.ts";
import { listUsers } from "../../api/users.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { plan, questionGroups } from "./dispatch-plan.ts";
import { dispatchStyles } from "./dispatch-styles.ts";
import { examChanged } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import "./ko-dispatch-chart.ts";

type Mode = "copies" | "questions";

/** Admin: READY copies to graders — whole copies balanced, or exercises per grader; re-dispatch. */
@customElement("ko-dispatch")
export class KoDispatch extends LitElement {
  static override styles = [base, page, cards, buttons, forms, alerts, intakeStyles, dispatchStyles];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private summary: DispatchSummary | null = null;
  @state() private staff: User[] = [];
  @state() private exercises: ScaleNode[] = [];
  @state() private chosen = new Set<string>();
  @state() private mode: Mode = "copies";
  /** grader id → exercise ids (questions mode) */
  @state() private ranges = new Map<string, Set<string>>();
  @state() private redispatch = false;
  @state() private includeStarted = false;
  @state() private busy = false;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;

  private readonly locale = new LocaleController(this);
  private loadedFor = "";

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.loadedFor) {
      this.loadedFor = this.exam.id;
      void this.load();
    }
  }

  override render() {
    const s = this.summary;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.dispatch.title")}</h1>
          <p>${t("intake.dispatch.intro")}</p>
        </div>
        ${s ? html`<p class="muted">${t("intake.dispatch.counts", { ready: s.ready, unassigned: s.unassigned, total: s.totalCopies })}</p>` : nothing}
      </div>
      <div class="messages mb">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${!s ? html`<p class="muted" role="status">${t("app.loading")}</p>` : this.renderBody(s)}
    `;
  }

  private renderBody(s: DispatchSummary) {
    const graders = this.staff.filter((u) => this.chosen.has(u.id));
    const groups =
      this.mode === "questions"
        ? questionGroups(
            graders.map((g) => g.id),
            this.ranges,
            this.exercises.map((e) => e.id),
          )
        : null;
    const rows = plan(s, graders, this.mode === "copies" ? [graders.map((g) => g.id)] : (groups?.groups ?? []).map((g) => g.graderIds));
    const nothingToDo = !s.unassigned && !this.redispatch;
    const problem = nothingToDo
      ? t("intake.dispatch.nothing")
      : graders.length === 0
        ? t("intake.dispatch.pickGraders")
        : groups?.problem
          ? t(groups.problem)
          : null;
    return html`<div class="dispatch-grid ${this.mode === "questions" ? "wide" : ""}">
      <form class="card stack" @submit=${(e: Event) => (e.preventDefault(), void this.run(groups?.groups))}>
        <fieldset>
          <legend>${t("intake.dispatch.graders")}</legend>
          ${this.staff.map(
            (u) => html`<label class="checkbox"><input type="checkbox" .checked=${this.chosen.has(u.id)} @change=${() => this.toggle(u.id)} />
              ${u.displayName} <span class="muted">· ${t(`role.${u.role}`)}</span></label>`,
          )}
        </fieldset>
        <fieldset>
          <legend>${t("intake.dispatch.mode")}</legend>
          ${(["copies", "questions"] as const).map(
            (
              m,
            ) => html`<label class="checkbox"><input type="radio" name="mode" .checked=${this.mode === m} ?disabled=${m === "questions" && !this.exercises.length}
              @change=${() => (this.mode = m)} /> ${t(`intake.dispatch.mode.${m}`)}</label>`,
          )}
        </fieldset>
        ${this.mode === "questions" ? this.renderRanges(graders) : nothing}
        <fieldset>
          <legend>${t("intake.dispatch.options")}</legend>
          <label class="checkbox"><input type="checkbox" .checked=${this.redispatch} @change=${(e: Event) => (this.redispatch = (e.target as HTMLInputElement).checked)} />
            ${t("intake.dispatch.redispatch")}</label>
          <label class="checkbox indent"><input type="checkbox" .checked=${this.includeStarted} ?disabled=${!this.redispatch}
            @change=${(e: Event) => (this.includeStarted = (e.target as HTMLInputElement).checked)} /> ${t("intake.dispatch.includeStarted")}</label>
        </fieldset>
        ${problem ? html`<p class="hint" id="dispatch-problem">${problem}</p>` : nothing}
        <button class="btn btn-primary" type="submit" ?disabled=${!!problem || this.busy}
          aria-describedby=${problem ? "dispatch-problem" : nothing}>
          ${this.busy ? t("intake.dispatch.running") : t("intake.dispatch.run", { count: s.unassigned })}
        </button>
      </form>
      <section class="card">
        <ko-dispatch-chart .rows=${rows} .caption=${graders.length ? t("intake.dispatch.previewCaption") : t("intake.dispatch.currentCaption")}></ko-dispatch-chart>
        ${this.redispatch ? html`<p class="hint mt">${t("intake.dispatch.redispatchNote")}</p>` : nothing}
      </section>
    </div>`;
  }

  private renderRanges(graders: User[]) {
    if (!graders.length) return nothing;
    return html`<div class="table-wrap ranges">
      <table>
        <caption>${t("intake.dispatch.rangesCaption")}</caption>
        <thead><tr><th scope="col">${t("intake.dispatch.grader")}</th>${this.exercises.map((e) => html`<th scope="col">${e.label}</th>`)}</tr></thead>
        <tbody>
          ${graders.map(
            (g) =>
              html`<tr><th scope="row">${g.displayName}</th>${this.exercises.map(
                (e) => html`<td><input type="checkbox" .checked=${this.ranges.get(g.id)?.has(e.id) ?? false}
                aria-label=${t("intake.dispatch.rangeOf", { name: g.displayName, exercise: e.label })} @change=${() => this.toggleRange(g.id, e.id)} /></td>`,
              )}</tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private toggle(id: string): void {
    const next = new Set(this.chosen);
    if (!next.delete(id)) next.add(id);
    this.chosen = next;
  }

  private toggleRange(graderId: string, exerciseId: string): void {
    const next = new Map(this.ranges);
    const set = new Set(next.get(graderId) ?? []);
    if (!set.delete(exerciseId)) set.add(exerciseId);
    next.set(graderId, set);
    this.ranges = next;
  }

  private async load(): Promise<void> {
    try {
      const [summary, users, scale] = await Promise.all([getDispatch(this.exam.id), listUsers(), getScale(this.exam.id)]);
      this.summary = summary;
      this.staff = users.users
        .filter((u) => u.active && (u.role === "GRADER" || u.role === "SUPERVISOR"))
        .sort((a, b) => (a.role === b.role ? a.displayName.localeCompare(b.displayName, "fr") : a.role === "GRADER" ? -1 : 1));
      this.exercises = scale.exercises;
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private async run(groups: Array<{ graderIds: string[]; exerciseIds: string[] }> | undefined): Promise<void> {
    const graderIds = this.staff.filter((u) => this.chosen.has(u.id)).map((u) => u.id);
    const common = { redispatch: this.redispatch, includeStarted: this.redispatch && this.includeStarted };
    const input: DispatchInput = this.mode === "copies" ? { mode: "copies", graderIds, ...common } : { mode: "questions", groups: groups ?? [], ...common };
    this.busy = true;
    this.error = null;
    this.status = null;
    try {
      const r = await dispatchCopies(this.exam.id, input);
      this.summary = r.summary;
      this.chosen = new Set();
      this.status = () => t("intake.dispatch.done", { assigned: r.assigned, takenBack: r.takenBack });
      examChanged(this);
    } catch (error) {
      this.error = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-dispatch": KoDispatch;
  }
}
