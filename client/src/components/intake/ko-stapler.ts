import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { looseReasonText } from "./loose-reason.ts";
import { pageImageUrl } from "../../api/imaging.ts";
import { getStapler, loosePagePdfUrl, staple, validateCopies, type ExamSummary, type LoosePageView, type StaplerView } from "../../api/intake.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { intakePaths } from "../../router.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import type { KoConfirmDialog } from "../ko-confirm-dialog.ts";
import { examChanged } from "./intake-events.ts";
import { intakeStyles } from "./intake-styles.ts";
import type { StapleRequest } from "./ko-stapler-copy.ts";
import type { CopySuggestion } from "../../api/intake.ts";
import "../ko-confirm-dialog.ts";
import "./ko-copy-picker.ts";
import "./ko-page-thumb.ts";
import "./ko-stapler-copy.ts";

/** Admin, before validation: fix how scanned pages were grouped into copies, then validate them. */
@customElement("ko-stapler")
export class KoStapler extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    forms,
    alerts,
    intakeStyles,
    css`
      .loose ul {
        list-style: none;
        padding: 0;
      }
      .loose li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: var(--ko-space-2);
      }
      .loose select {
        width: auto;
      }
    `,
  ];

  @property({ attribute: false }) exam!: ExamSummary;
  @state() private view: StaplerView | null = null;
  @state() private busy = false;
  @state() private error: (() => string) | null = null;
  @state() private status: (() => string) | null = null;
  /** the extra sheet whose copy is being looked for */
  @state() private attaching: string | null = null;
  @query("ko-confirm-dialog") private confirm!: KoConfirmDialog;

  private readonly locale = new LocaleController(this);
  private loadedFor = "";

  override willUpdate(): void {
    if (this.exam && this.exam.id !== this.loadedFor) {
      this.loadedFor = this.exam.id;
      void this.load();
    }
  }

  override render() {
    const v = this.view;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("intake.stapler.title")}</h1>
          <p>${t("intake.stapler.intro")}</p>
        </div>
        ${
          v && v.copies.length
            ? html`<button class="btn btn-primary" type="button" aria-disabled=${String(this.busy)} @click=${this.validate}>
              ${t("intake.stapler.validate", { count: v.copies.length })}</button>`
            : nothing
        }
      </div>
      <div class="messages mb">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      </div>
      <p class="kbd-hint mb">${t("intake.stapler.keys")}</p>
      ${!v ? html`<p class="muted" role="status">${t("app.loading")}</p>` : this.renderView(v)}
      <ko-confirm-dialog></ko-confirm-dialog>
    `;
  }

  private renderView(v: StaplerView) {
    if (v.copies.length === 0 && v.loosePages.length === 0) {
      return html`<div class="empty">
        <p>${t("intake.stapler.empty")}</p>
        ${this.exam.copies.byState.READY ? html`<a class="btn btn-primary" href=${intakePaths.examIdentify(this.exam.id)}>${t("intake.stapler.toIdentify")}</a>` : nothing}
      </div>`;
    }
    return html`<div class="stack" @ko-staple=${this.onStaple} @ko-page-to-neighbour=${this.onNeighbour}>
      ${v.copies.map((c, i) => html`<ko-stapler-copy .copy=${c} .index=${i} .others=${v.copies.filter((o) => o.id !== c.id)}></ko-stapler-copy>`)}
      ${v.loosePages.length ? this.renderLoose(v.loosePages) : nothing}
    </div>`;
  }

  /** Pages set aside: each drawn from its own one-page PDF, with a way back into a copy. */
  private renderLoose(pages: LoosePageView[]) {
    return html`<section class="card stack loose" aria-labelledby="loose-title">
      <h2 id="loose-title">${t("intake.stapler.loose", { count: pages.length })}</h2>
      <ul class="stack">
        ${pages.map(
          (p, i) => html`<li>
            <ko-page-thumb .url=${loosePagePdfUrl(this.exam.id, p)} .image=${pageImageUrl(p.id, "thumb")} .index=${0} .label=${t("intake.stapler.loosePage", { n: i + 1 })}></ko-page-thumb>
            <span>${t("intake.stapler.loosePage", { n: i + 1 })}${looseReasonText(p.looseReason ?? null)}</span>
            <button class="btn btn-small" type="button" @click=${() => this.run({ op: "new-copy", body: { pageIds: [p.id] } })}>${t("intake.stapler.newCopy")}</button>
            ${
              p.extraSheet
                ? html`<button class="btn btn-small btn-primary" type="button" data-attach=${p.id} aria-expanded=${String(this.attaching === p.id)}
                  aria-label=${t("booklets.attach.openFor", { n: i + 1 })} @click=${() => (this.attaching = this.attaching === p.id ? null : p.id)}>${t("booklets.attach.open")}</button>`
                : html`<select class="compact" aria-label=${t("intake.stapler.moveLoose", { n: i + 1 })}
                  @change=${(e: Event) => this.putBack(e.target as HTMLSelectElement, p.id)}>
                  <option value="">${t("intake.stapler.movePick")}</option>
                  ${this.view!.copies.map((c) => html`<option value=${c.id}>${c.anonymousCode}</option>`)}
                </select>`
            }
            ${
              this.attaching === p.id
                ? html`<ko-copy-picker .examId=${this.exam.id} .pageId=${p.id}
                  @ko-copy-picked=${(e: CustomEvent<CopySuggestion>) => this.attach(p.id, e.detail.id)} @ko-copy-pick-cancel=${() => this.closePicker(p.id)}></ko-copy-picker>`
                : nothing
            }
          </li>`,
        )}
      </ul>
    </section>`;
  }

  /** The extra sheet joins the copy named on it (after its last page); the copy's card then offers to detach it. */
  private async attach(pageId: string, copyId: string): Promise<void> {
    this.attaching = null;
    await this.run({ op: "attach-extra", body: { pageId, copyId }, focusPageId: pageId });
  }

  private async closePicker(pageId: string): Promise<void> {
    this.attaching = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-attach="${pageId}"]`)?.focus();
  }

  /** A page set aside goes back into the chosen copy; the picker is reset (it may serve another page next). */
  private putBack(select: HTMLSelectElement, pageId: string): void {
    const toCopyId = select.value;
    select.value = "";
    if (toCopyId) void this.run({ op: "move-page", body: { pageId, toCopyId } });
  }

  private onStaple(e: CustomEvent<StapleRequest>): void {
    void this.run(e.detail);
  }

  /** Alt+↑/↓ on a page: to the end of the previous copy, or the start of the next one. */
  private onNeighbour(e: CustomEvent<{ pageId: string; delta: -1 | 1 }>): void {
    const copies = this.view?.copies ?? [];
    const from = copies.findIndex((c) => c.pages.some((p) => p.id === e.detail.pageId));
    const to = copies[from + e.detail.delta];
    if (!to) return;
    void this.run({
      op: "move-page",
      body: { pageId: e.detail.pageId, toCopyId: to.id, position: e.detail.delta < 0 ? to.pages.length : 0 },
      focusPageId: e.detail.pageId,
    });
  }

  private async run(request: StapleRequest): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.status = null;
    try {
      const { focusPageId, ...op } = request;
      this.view = await staple(this.exam.id, op);
      this.status = () => t(`intake.stapler.done.${op.op}`);
      if (op.op !== "reorder" && op.op !== "rotate") examChanged(this);
      if (focusPageId) await this.focusPage(focusPageId);
    } catch (error) {
      this.error = () => errorMessage(error);
    } finally {
      this.busy = false;
    }
  }

  private async focusPage(pageId: string): Promise<void> {
    await this.updateComplete;
    for (const card of this.renderRoot.querySelectorAll("ko-stapler-copy")) {
      await card.updateComplete;
      const el = card.shadowRoot?.querySelector<HTMLElement>(`[data-page-id="${pageId}"]`);
      if (el) return el.focus();
    }
  }

  private async load(): Promise<void> {
    try {
      this.view = await getStapler(this.exam.id);
    } catch (error) {
      this.error = () => errorMessage(error);
    }
  }

  private async validate(): Promise<void> {
    const count = this.view?.copies.length ?? 0;
    if (this.busy || !count) return;
    const ok = await this.confirm.ask({
      title: () => t("intake.stapler.validateTitle"),
      body: () => t("intake.stapler.validateBody", { count }),
      confirmLabel: () => t("intake.stapler.validate", { count }),
    });
    if (!ok) return;
    this.busy = true;
    this.error = null;
    try {
      const { validated } = await validateCopies(this.exam.id);
      this.status = () => t("intake.stapler.validated", { count: validated });
      this.view = await getStapler(this.exam.id);
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
    "ko-stapler": KoStapler;
  }
}
