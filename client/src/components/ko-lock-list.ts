import { LitElement, html, nothing } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { LockActivity } from "../api/results.ts";
import { LocaleController, t } from "../i18n/i18n.ts";
import { deskPath } from "../router.ts";
import { base, buttons, cards } from "../styles/shared.ts";
import { fmtSince, fmtTime } from "./results-format.ts";
import { resultsStyles } from "./results-styles.ts";

const IDLE_MS = 10 * 60_000;

/** Who is on which copy right now and since when; idle locks flagged, with "watch" and "free". */
@customElement("ko-lock-list")
export class KoLockList extends LitElement {
  static override styles = [base, cards, buttons, resultsStyles];

  @property({ attribute: false }) locks: LockActivity[] = [];
  /** re-rendered by the dashboard's clock so "since" stays true without asking the server */
  @property({ type: Number }) now = Date.now();
  @property({ type: Boolean }) canFree = false;

  private readonly locale = new LocaleController(this);

  override render() {
    if (this.locks.length === 0) return html`<div class="empty"><p>${t("supervision.locks.empty")}</p></div>`;
    return html`<div class="table-wrap card" role="region" aria-labelledby="locks-caption" tabindex="0">
      <table>
        <caption id="locks-caption">${t("supervision.locks.caption", { count: this.locks.length })}</caption>
        <thead>
          <tr>
            <th scope="col">${t("supervision.locks.copy")}</th>
            <th scope="col">${t("supervision.locks.grader")}</th>
            <th scope="col">${t("supervision.locks.since")}</th>
            <th scope="col">${t("supervision.locks.activity")}</th>
            <th scope="col"><span class="visually-hidden">${t("supervision.locks.actions")}</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.locks.map((l) => this.row(l))}
        </tbody>
      </table>
    </div>`;
  }

  private row(l: LockActivity) {
    const idle = this.now - Date.parse(l.idleSince) > IDLE_MS;
    return html`<tr>
      <th scope="row">${l.anonymousCode}</th>
      <td>${l.holder.displayName}</td>
      <td>${fmtTime(l.acquiredAt)} <span class="muted">(${fmtSince(l.acquiredAt, this.now)})</span></td>
      <td>
        ${
          idle
            ? html`<span class="badge warn">${t("supervision.locks.idle", { since: fmtSince(l.idleSince, this.now) })}</span>`
            : html`<span class="badge ok">${l.lastEditAt ? t("supervision.locks.activeAgo", { since: fmtSince(l.lastEditAt, this.now) }) : t("supervision.locks.justOpened")}</span>`
        }
      </td>
      <td class="actions">
        <a class="btn btn-small" href=${deskPath(l.copyId)}>${t("supervision.locks.watch")}<span class="visually-hidden"> ${l.anonymousCode}</span></a>
        ${
          this.canFree
            ? html`<button class="btn btn-small" type="button" @click=${() => this.free(l)}>
              ${t("supervision.locks.free")}<span class="visually-hidden"> ${l.anonymousCode}</span>
            </button>`
            : nothing
        }
      </td>
    </tr>`;
  }

  private free(lock: LockActivity): void {
    this.dispatchEvent(new CustomEvent("ko-free-lock", { detail: lock, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-lock-list": KoLockList;
  }
}
