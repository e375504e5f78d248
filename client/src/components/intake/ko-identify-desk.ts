import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import {
  getScale,
  identView,
  linkStudent,
  setAbsent,
  setCopyVariant,
  unlinkStudent,
  type ExamSummary,
  type IdentCopy,
  type IdentView,
  type SearchHit,
} from "../../api/intake.ts";
import { pageImageUrl } from "../../api/imaging.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { examChanged } from "./intake-events.ts";
import { identifyStyles } from "./identify-styles.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { KoRosterSearch } from "./ko-roster-search.ts";
import "./ko-page-thumb.ts";
import "./ko-roster-search.ts";

/** Admin: which copy is whose — the header of page 1 large, a roster search driven by the keyboard. */
@customElement("ko-identify-desk")
export class KoIdentifyDesk extends LitElement {
  static override styles = [base, page, cards, buttons, forms, alerts, intakeStyles, identifyStyles];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private view: IdentView | null = null;
  /** the scale's variants (sujet A/B); empty = the choice is not shown */
  @state() private variants: string[] = [];
  @state() private currentId = "";
  @state() private busy = false;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  @query("ko-roster-search") private search!: KoRosterSearch;

  private readonly locale = new LocaleController(this);
  private loadedFor = "";

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.loadedFor) {
      this.loadedFor = this.exam.id;
      void this.load();
    }
  }

  private get copies(): IdentCopy[] {
    // STAGING copies are still being stapled: they are identified once validated
    return (this.view?.copies ?? []).filter((c) => c.state !== "STAGING");
  }

  override render() {
    const copies = this.copies;
    const p = this.view?.progress;
    const identified = copies.filter((c) => c.student).length;
    const current = copies.find((c) => c.id === this.currentId) ?? null;
    const at = current ? copies.indexOf(current) : -1;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.identify.title")}</h1>
          <p>${t("intake.identify.intro")}</p>
        </div>
        ${
          p
            ? html`<div class="progress-box">
              <p id="ident-progress">${t("intake.identify.progress", { n: identified, total: copies.length })}
                ${p.absent ? html` · ${t("intake.identify.absents", { count: p.absent })}` : nothing}</p>
              <progress max=${Math.max(1, copies.length)} .value=${identified} aria-labelledby="ident-progress"></progress>
            </div>`
            : nothing
        }
      </div>
      <div class="messages mb">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      ${
        !this.view
          ? html`<p class="muted" role="status">${t("app.loading")}</p>`
          : copies.length === 0
            ? html`<div class="empty"><p>${t("intake.identify.empty")}</p></div>`
            : html`<div class="desk">
              ${current ? this.renderCopy(current, at, copies.length) : nothing}
              ${this.renderList(copies)}
            </div>`
      }
    `;
  }

  private renderCopy(copy: IdentCopy, at: number, total: number) {
    const readOnly = this.exam.status === "ARCHIVED";
    return html`<section class="card current" aria-labelledby="current-title">
      <div class="row spread">
        <h2 id="current-title">${t("intake.identify.copyOf", { n: at + 1, total })} · <span class="code">${copy.anonymousCode}</span></h2>
        <div class="row">
          <button class="btn btn-small" type="button" ?disabled=${at === 0} @click=${() => this.go(at - 1)}>← ${t("intake.identify.previous")}</button>
          <button class="btn btn-small" type="button" ?disabled=${at === total - 1} @click=${() => this.go(at + 1)}>${t("intake.identify.next")} →</button>
        </div>
      </div>
      <figure class="header">
        ${
          copy.pageCount
            ? html`<ko-page-thumb header .url=${copy.pdfUrl} .image=${copy.firstPage ? pageImageUrl(copy.firstPage.id, "read") : ""} .index=${0} .top=${0.25} .label=${t("intake.identify.headerOf", { code: copy.anonymousCode })}></ko-page-thumb>`
            : html`<p class="muted">${t("intake.identify.noPage")}</p>`
        }
        <figcaption class="visually-hidden">${t("intake.identify.headerCaption")}</figcaption>
      </figure>
      ${
        copy.student
          ? html`<div class="linked row spread">
            <p>${t("intake.identify.linked")} <strong>${copy.student.lastName} ${copy.student.firstName}</strong>
              ${copy.student.className ? html`<span class="muted">(${copy.student.className})</span>` : nothing}</p>
            ${readOnly ? nothing : html`<button class="btn btn-small" type="button" @click=${() => this.unlink(copy)}>${t("intake.identify.unlink")}</button>`}
          </div>`
          : nothing
      }
      ${this.variants.length ? this.renderVariant(copy, readOnly) : nothing}
      ${
        readOnly
          ? nothing
          : html`<ko-roster-search .examId=${this.exam.id} ?disabled=${this.busy} @ko-pick=${(e: CustomEvent<SearchHit>) => this.link(copy, e.detail)}></ko-roster-search>
            <div class="row">
              <button class="btn btn-small" type="button" @click=${this.markAbsent}>${t("intake.identify.markAbsent")}</button>
              <span class="kbd-hint">${t("intake.identify.keys")}</span>
            </div>`
      }
    </section>`;
  }

  /** "Sujet A / Sujet B": native radios, so Tab reaches the group and the arrows choose. */
  private renderVariant(copy: IdentCopy, readOnly: boolean) {
    const locked = copy.state !== "READY" && copy.state !== "STAGING";
    const disabled = readOnly || locked || this.busy;
    const choices: Array<string | null> = [...this.variants, ...(copy.variant === null ? [null] : [])];
    return html`<fieldset class="variant row" aria-describedby=${locked ? "variant-locked" : nothing}>
      <legend>${t("intake.variant.legend")}</legend>
      ${choices.map(
        (v) => html`<label class="checkbox">
          <input type="radio" name="variant-${copy.id}" value=${v ?? ""} .checked=${live(copy.variant === v)} ?disabled=${disabled}
            @change=${() => this.chooseVariant(copy, v)} />
          ${v === null ? t("intake.variant.none") : t("intake.variant.option", { v })}
        </label>`,
      )}
      ${locked ? html`<span class="muted" id="variant-locked">${t("intake.variant.locked")}</span>` : nothing}
    </fieldset>`;
  }

  private async chooseVariant(copy: IdentCopy, variant: string | null): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    await this.act(async () => {
      try {
        const r = await setCopyVariant(copy.id, variant);
        if (this.view) this.view = { ...this.view, copies: this.view.copies.map((c) => (c.id === copy.id ? { ...c, variant: r.variant } : c)) };
        this.status = () =>
          r.variant ? t("intake.variant.saved", { code: copy.anonymousCode, v: r.variant }) : t("intake.variant.cleared", { code: copy.anonymousCode });
      } catch (error) {
        this.requestUpdate(); // live(): the radios show the stored variant again
        throw error;
      }
    });
    this.busy = false;
  }

  private renderList(copies: IdentCopy[]) {
    const absences = this.view?.absences ?? [];
    return html`<aside class="card side" aria-labelledby="list-title">
      <h2 id="list-title">${t("intake.identify.list")}</h2>
      <ol class="copy-list">
        ${copies.map(
          (c, i) => html`<li>
            <button type="button" class="pick ${c.student ? "done" : ""}" aria-current=${c.id === this.currentId ? "true" : nothing} @click=${() => this.go(i)}>
              <span class="code">${c.anonymousCode}</span>
              <span>${c.student ? `${c.student.lastName} ${c.student.firstName}` : t("intake.identify.unidentified")}</span>
              ${
                this.variants.length && c.variant
                  ? html`<span class="variant-tag" title=${t("intake.variant.option", { v: c.variant })}><span aria-hidden="true">${c.variant}</span><span class="visually-hidden">${t("intake.variant.option", { v: c.variant })}</span></span>`
                  : nothing
              }
            </button>
          </li>`,
        )}
      </ol>
      ${
        absences.length
          ? html`<h3>${t("intake.identify.absents", { count: absences.length })}</h3>
            <ul class="absences">
              ${absences.map(
                (a) => html`<li class="row spread"><span>${a.student.lastName} ${a.student.firstName}</span>
                  <button class="btn btn-small" type="button" @click=${() => this.absent(a.student.id, false)}>${t("intake.identify.notAbsent")}<span class="visually-hidden"> — ${a.student.lastName} ${a.student.firstName}</span></button></li>`,
              )}
            </ul>`
          : nothing
      }
    </aside>`;
  }

  private go(index: number): void {
    const copy = this.copies[index];
    if (!copy) return;
    this.currentId = copy.id;
    this.search?.clear();
    void this.updateComplete.then(() => this.search?.focus());
  }

  /** The next copy without a student after the current one (wrapping), or stay. */
  private nextUnidentified(): void {
    const copies = this.copies;
    const at = copies.findIndex((c) => c.id === this.currentId);
    const ordered = [...copies.slice(at + 1), ...copies.slice(0, at + 1)];
    const next = ordered.find((c) => !c.student);
    if (next) this.go(copies.indexOf(next));
    else this.status = () => t("intake.identify.allDone");
  }

  private async link(copy: IdentCopy, hit: SearchHit): Promise<void> {
    if (this.busy) return;
    if (hit.absent) return void (this.error = () => t("intake.identify.isAbsent"));
    this.busy = true;
    this.error = null;
    try {
      const r = await linkStudent(copy.id, hit.student.id);
      this.patch(copy.id, { student: r.student }, r.progress);
      const name = `${r.student.lastName} ${r.student.firstName}`;
      this.status = () => t("intake.identify.done", { code: copy.anonymousCode, name });
      this.busy = false;
      this.nextUnidentified();
    } catch (error) {
      this.error = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async unlink(copy: IdentCopy): Promise<void> {
    await this.act(async () => {
      const r = await unlinkStudent(copy.id);
      this.patch(copy.id, { student: null }, r.progress);
      this.status = () => t("intake.identify.unlinked", { code: copy.anonymousCode });
      this.search?.focus();
    });
  }

  private markAbsent(): void {
    const hit = this.search?.highlighted;
    if (!hit) return void (this.error = () => t("intake.identify.absentPick"));
    void this.absent(hit.student.id, true, `${hit.student.lastName} ${hit.student.firstName}`);
  }

  private async absent(studentId: string, absent: boolean, name = ""): Promise<void> {
    await this.act(async () => {
      await setAbsent(this.exam.id, studentId, absent);
      await this.load();
      if (absent) this.status = () => t("intake.identify.markedAbsent", { name });
      this.search?.clear();
      this.search?.focus();
    });
  }

  private async act(run: () => Promise<void>): Promise<void> {
    this.error = null;
    this.status = null;
    try {
      await run();
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private patch(copyId: string, change: Partial<IdentCopy>, progress: IdentView["progress"]): void {
    if (!this.view) return;
    this.view = { ...this.view, progress, copies: this.view.copies.map((c) => (c.id === copyId ? { ...c, ...change } : c)) };
    examChanged(this);
  }

  private async load(): Promise<void> {
    try {
      const examId = this.exam.id;
      const [view, scale] = await Promise.all([identView(examId), getScale(examId).catch(() => null)]);
      this.view = view;
      this.variants = scale ? Object.keys(scale.byVariant).sort() : [];
      if (!this.copies.some((c) => c.id === this.currentId)) this.currentId = (this.copies.find((c) => !c.student) ?? this.copies[0])?.id ?? "";
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-identify-desk": KoIdentifyDesk;
  }
}
