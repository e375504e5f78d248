import { LitElement, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import { live } from "lit/directives/live.js";
import { pageImageUrl } from "../../api/imaging.ts";
import { copyPdfUrl, type StagingCopy, type StaplerOp } from "../../api/intake.ts";
import { LocaleController, t } from "../../i18n/i18n.ts";
import { base, buttons, cards, forms } from "../../styles/shared.ts";
import { intakeStyles } from "./intake-styles.ts";
import { staplerStyles } from "./stapler-styles.ts";
import "./ko-page-thumb.ts";

/** What the stapler should do, and which page keeps the focus afterwards. */
export type StapleRequest = StaplerOp & { focusPageId?: string };

const DRAG_TYPE = "application/x-korrigo-page";

/** One STAGING copy in the stapler: its pages as thumbnails, each movable by buttons, keys or drag. */
@customElement("ko-stapler-copy")
export class KoStaplerCopy extends LitElement {
  static override styles = [base, cards, buttons, forms, intakeStyles, staplerStyles];

  @property({ attribute: false }) copy!: StagingCopy;
  @property({ attribute: false }) others: StagingCopy[] = [];
  @property({ type: Number }) index = 0;
  @state() private mergeWith = "";

  private readonly locale = new LocaleController(this);

  override render() {
    const c = this.copy;
    const url = copyPdfUrl(c.id, c.pagesHash);
    return html`<section class="card copy" aria-labelledby="copy-${c.id}">
      <div class="row spread">
        <h2 id="copy-${c.id}" tabindex="-1">${t("intake.stapler.copy", { n: this.index + 1 })} <span class="code">${c.anonymousCode}</span>
          <span class="muted">· ${t("intake.stapler.pages", { count: c.pages.length })}</span></h2>
        <div class="row">
          ${
            this.others.length
              ? html`<label class="visually-hidden" for="merge-${c.id}">${t("intake.stapler.mergeWith", { code: c.anonymousCode })}</label>
                <select id="merge-${c.id}" class="compact" .value=${live(this.mergeWith)} @change=${(e: Event) => (this.mergeWith = (e.target as HTMLSelectElement).value)}>
                  <option value="">${t("intake.stapler.mergePick")}</option>
                  ${this.others.map((o) => html`<option value=${o.id}>${o.anonymousCode}</option>`)}
                </select>
                <button class="btn btn-small" type="button" ?disabled=${!this.mergeWith} @click=${this.merge}>${t("intake.stapler.merge")}</button>`
              : nothing
          }
          ${
            c.pages.length === 0
              ? html`<button class="btn btn-small" type="button" @click=${() => this.emit({ op: "delete-copy", body: { copyId: c.id } })}>${t("intake.stapler.deleteCopy")}</button>`
              : nothing
          }
        </div>
      </div>
      <p class="visually-hidden" id="keys-${c.id}">${t("intake.stapler.keys")}</p>
      <ol class="pages" aria-label=${t("intake.stapler.pagesOf", { code: c.anonymousCode })}>
        ${c.pages.map(
          (p, i) => html`<li>
          <div class="page" role="group" tabindex="0" data-page-id=${p.id} draggable="true"
            aria-label=${t("intake.stapler.pageLabel", { n: i + 1, count: c.pages.length, code: c.anonymousCode })}
            aria-describedby="keys-${c.id}"
            @keydown=${(e: KeyboardEvent) => this.onKey(e, i)} @dragstart=${(e: DragEvent) => e.dataTransfer?.setData(DRAG_TYPE, p.id)}
            @dragover=${(e: DragEvent) => e.dataTransfer?.types.includes(DRAG_TYPE) && e.preventDefault()}
            @drop=${(e: DragEvent) => this.onDrop(e, i)}>
            <ko-page-thumb .url=${url} .image=${pageImageUrl(p.id, "thumb")} .index=${i} .label=${t("intake.stapler.thumb", { n: i + 1 })}></ko-page-thumb>
            <span class="page-no" aria-hidden="true">${i + 1}</span>
          </div>
          ${p.extraSheet ? html`<span class="badge">${t("booklets.extraSheet")}</span>` : nothing}
          <div class="page-actions">
            <button class="btn btn-small" type="button" ?disabled=${i === 0} @click=${() => this.reorder(i, -1)} aria-label=${t("intake.stapler.left", { n: i + 1 })}>←</button>
            <button class="btn btn-small" type="button" ?disabled=${i === c.pages.length - 1} @click=${() => this.reorder(i, 1)} aria-label=${t("intake.stapler.right", { n: i + 1 })}>→</button>
            <button class="btn btn-small" type="button" @click=${() => this.emit({ op: "rotate", body: { pageId: p.id, rotation: ((p.rotation + 90) % 360) as 0 | 90 | 180 | 270 }, focusPageId: p.id })}
              aria-label=${t("intake.stapler.rotate", { n: i + 1 })}>⟳</button>
            ${
              i > 0
                ? html`<button class="btn btn-small" type="button" @click=${() => this.emit({ op: "split", body: { copyId: c.id, atPageId: p.id }, focusPageId: p.id })}
                  aria-label=${t("intake.stapler.splitAt", { n: i + 1 })}>✂</button>`
                : nothing
            }
            ${
              p.extraSheet
                ? html`<button class="btn btn-small" type="button" @click=${() => this.emit({ op: "detach-extra", body: { pageId: p.id } })}
                  aria-label=${t("booklets.detachPage", { n: i + 1 })}>${t("booklets.detach")}</button>`
                : nothing
            }
            <select class="compact" aria-label=${t("intake.stapler.moveTo", { n: i + 1 })} @change=${(e: Event) => this.moveTo(e, p.id)}>
              <option value="">${t("intake.stapler.movePick")}</option>
              ${this.others.map((o) => html`<option value=${o.id}>${o.anonymousCode}</option>`)}
              <option value="aside">${t("intake.stapler.setAside")}</option>
            </select>
          </div>
        </li>`,
        )}
      </ol>
    </section>`;
  }

  private emit(request: StapleRequest): void {
    this.dispatchEvent(new CustomEvent<StapleRequest>("ko-staple", { detail: request, bubbles: true, composed: true }));
  }

  private reorder(i: number, delta: -1 | 1): void {
    const ids = this.copy.pages.map((p) => p.id);
    const to = i + delta;
    if (to < 0 || to >= ids.length) return;
    [ids[i], ids[to]] = [ids[to]!, ids[i]!];
    this.emit({ op: "reorder", body: { copyId: this.copy.id, pageIds: ids }, focusPageId: ids[to] });
  }

  private moveTo(e: Event, pageId: string): void {
    const select = e.target as HTMLSelectElement;
    const value = select.value;
    select.value = ""; // the element may be reused for another page once the copy is redrawn
    if (!value) return;
    this.emit({ op: "move-page", body: { pageId, toCopyId: value === "aside" ? null : value }, focusPageId: pageId });
  }

  private merge(): void {
    if (this.mergeWith) this.emit({ op: "merge", body: { targetCopyId: this.copy.id, sourceCopyId: this.mergeWith } });
    this.mergeWith = "";
  }

  /** ←/→ walk the pages; Alt+←/→ move the page; Alt+↑/↓ send it to the previous/next copy. */
  private onKey(e: KeyboardEvent, i: number): void {
    const pages = [...this.renderRoot.querySelectorAll<HTMLElement>(".page")];
    const p = this.copy.pages[i]!;
    if (!e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) pages[i + (e.key === "ArrowLeft" ? -1 : 1)]?.focus();
    else if (e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) this.reorder(i, e.key === "ArrowLeft" ? -1 : 1);
    else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      this.dispatchEvent(
        new CustomEvent("ko-page-to-neighbour", { detail: { pageId: p.id, delta: e.key === "ArrowUp" ? -1 : 1 }, bubbles: true, composed: true }),
      );
    } else return;
    e.preventDefault();
  }

  private onDrop(e: DragEvent, i: number): void {
    const pageId = e.dataTransfer?.getData(DRAG_TYPE);
    if (!pageId) return;
    e.preventDefault();
    const ids = this.copy.pages.map((p) => p.id);
    if (!ids.includes(pageId)) return this.emit({ op: "move-page", body: { pageId, toCopyId: this.copy.id, position: i }, focusPageId: pageId });
    const rest = ids.filter((id) => id !== pageId);
    rest.splice(i, 0, pageId);
    this.emit({ op: "reorder", body: { copyId: this.copy.id, pageIds: rest }, focusPageId: pageId });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-stapler-copy": KoStaplerCopy;
  }
}
