import { LitElement, css, html, nothing } from "lit";
import { customElement, property, state } from "lit/decorators.js";
import {
  listNotices,
  markAllNoticesRead,
  markNoticeRead,
  noticePreferences,
  saveNoticePreferences,
  type Notice,
  type NoticePreferences,
  type OptionalNoticeKind,
} from "../../api/notices.ts";
import type { User } from "../../api/types.ts";
import { LocaleController, errorMessage, getLocale, t } from "../../i18n/i18n.ts";
import { resultsPaths } from "../../router.ts";
import { alerts, base, buttons, cards, forms, page } from "../../styles/shared.ts";
import { NOTICES_CHANGED } from "./ko-notice-bell.ts";
import { alertsOf, noticeLink, noticeMessage, summaryExams } from "./notice-text.ts";

/** The user's notices (newest first) and their choices: e-mail language, optional notices. */
@customElement("ko-notices")
export class KoNotices extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    cards,
    page,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr);
        gap: var(--ko-space-5);
        align-items: start;
      }
      @media (max-width: 56rem) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      ol {
        display: grid;
        gap: var(--ko-space-3);
        margin: 0;
        padding: 0;
        list-style: none;
      }
      li.card {
        display: grid;
        gap: var(--ko-space-2);
        padding: var(--ko-space-4);
      }
      li.unread {
        border-left: 4px solid var(--ko-color-primary);
      }
      .line {
        display: flex;
        flex-wrap: wrap;
        align-items: baseline;
        justify-content: space-between;
        gap: var(--ko-space-2);
      }
      .message {
        font-weight: 600;
      }
      .meta {
        font-size: var(--ko-text-xs);
        color: var(--ko-color-text-muted);
      }
      .badge {
        padding: 0 var(--ko-space-2);
        border-radius: var(--ko-radius-sm);
        background: var(--ko-color-primary-soft);
        color: var(--ko-color-primary-hover);
        font-size: var(--ko-text-xs);
        font-weight: 700;
      }
      .actions {
        display: flex;
        gap: var(--ko-space-2);
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: var(--ko-text-sm);
      }
      th,
      td {
        padding: var(--ko-space-1) var(--ko-space-2);
        border-bottom: 1px solid var(--ko-color-border);
        text-align: right;
      }
      th:first-child,
      td:first-child {
        text-align: left;
      }
      .alerts {
        color: var(--ko-color-danger);
      }
      .prefs h2 {
        font-size: var(--ko-text-lg);
        margin-bottom: var(--ko-space-3);
      }
      .prefs .checkbox {
        margin-top: var(--ko-space-3);
        align-items: flex-start;
      }
      .prefs .btn {
        margin-top: var(--ko-space-4);
      }
      .prefs .alert {
        margin-top: var(--ko-space-3);
      }
    `,
  ];

  @property({ attribute: false }) user!: User;
  @state() private notices: Notice[] | null = null;
  @state() private prefs: NoticePreferences | null = null;
  @state() private loadError: (() => string) | null = null;
  @state() private prefsStatus: (() => string) | null = null;
  @state() private prefsError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    const unread = this.notices?.filter((n) => !n.readAt).length ?? 0;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("notices.title")}</h1>
          <p>${t("notices.intro")}</p>
        </div>
        ${unread ? html`<button class="btn" type="button" @click=${this.markAll}>${t("notices.markAll")}</button>` : nothing}
      </div>
      ${this.loadError ? html`<div class="alert alert-error" role="alert">${this.loadError()}</div>` : nothing}
      <div class="layout">
        <section aria-labelledby="list-title">
          <h2 id="list-title" class="visually-hidden">${t("notices.title")}</h2>
          ${this.renderList()}
        </section>
        ${this.renderPrefs()}
      </div>
    `;
  }

  private renderList() {
    if (!this.notices) return html`<p class="muted" role="status">${t("notices.loading")}</p>`;
    if (this.notices.length === 0) return html`<div class="empty"><p>${t("notices.empty")}</p></div>`;
    const when = new Intl.DateTimeFormat(getLocale() === "fr" ? "fr-FR" : "en-GB", { dateStyle: "long", timeStyle: "short" });
    return html`<ol>
      ${this.notices.map((n) => {
        const link = noticeLink(n);
        return html`<li class="card ${n.readAt ? "" : "unread"}">
          <div class="line">
            <span class="message">${noticeMessage(n)}</span>
            ${n.readAt ? nothing : html`<span class="badge">${t("notices.unread")}</span>`}
          </div>
          <span class="meta">${when.format(new Date(n.createdAt))} · ${t(`notices.email.${n.emailStatus}`)}</span>
          ${n.kind === "SUPERVISOR_SUMMARY" ? this.renderSummary(n) : nothing}
          <div class="actions">
            ${link ? html`<a class="btn btn-small btn-primary" href=${link} @click=${() => this.markRead(n)}>${t("notices.open")}</a>` : nothing}
            ${n.readAt ? nothing : html`<button class="btn btn-small" type="button" @click=${() => this.markRead(n)}>${t("notices.markRead")}</button>`}
          </div>
        </li>`;
      })}
    </ol>`;
  }

  private renderSummary(n: Notice) {
    const fr = getLocale() === "fr";
    return html`<table>
      <thead><tr>${(fr ? ["Épreuve", "Corrigées", "Aujourd’hui", "Restantes", "Alertes"] : ["Exam", "Graded", "Today", "Remaining", "Alerts"]).map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>
        ${summaryExams(n).map(
          (e) => html`<tr>
          <td><a href=${resultsPaths.supervisionExam(e.examId)}>${e.title}</a></td><td>${e.graded}/${e.total}</td><td>${e.gradedToday}</td><td>${e.remaining}</td>
          <td class=${alertsOf(e) ? "alerts" : ""}>${alertsOf(e)}</td>
        </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderPrefs() {
    if (!this.prefs) return nothing;
    const kinds = Object.keys(this.prefs.email) as OptionalNoticeKind[];
    return html`<form class="card prefs" aria-labelledby="prefs-title" @submit=${this.savePrefs}>
      <h2 id="prefs-title">${t("notices.prefs.title")}</h2>
      ${this.prefs.mailEnabled ? nothing : html`<p class="alert alert-info">${t("notices.prefs.noMail")}</p>`}
      <div class="field">
        <label for="mail-locale">${t("notices.prefs.locale")}</label>
        <select id="mail-locale" name="locale">
          ${(["fr", "en"] as const).map((l) => html`<option value=${l} lang=${l} ?selected=${this.prefs!.locale === l}>${t(`lang.${l}`)}</option>`)}
        </select>
      </div>
      ${kinds.map((k) => html`<label class="checkbox"><input type="checkbox" name=${k} ?checked=${this.prefs!.email[k]} />${t(`notices.prefs.${k}`)}</label>`)}
      <button class="btn btn-primary" type="submit">${t("notices.prefs.save")}</button>
      <div class="alert alert-success" role="status">${this.prefsStatus?.() ?? nothing}</div>
      <div class="alert alert-error" role="alert">${this.prefsError?.() ?? nothing}</div>
    </form>`;
  }

  private async load(): Promise<void> {
    this.loadError = null;
    try {
      const [list, prefs] = await Promise.all([listNotices(), noticePreferences()]);
      this.notices = list.notices;
      this.prefs = prefs;
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private async markRead(n: Notice): Promise<void> {
    if (n.readAt) return;
    try {
      await markNoticeRead(n.id);
      this.notices = (this.notices ?? []).map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x));
      window.dispatchEvent(new Event(NOTICES_CHANGED));
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private async markAll(): Promise<void> {
    try {
      await markAllNoticesRead();
      const now = new Date().toISOString();
      this.notices = (this.notices ?? []).map((x) => ({ ...x, readAt: x.readAt ?? now }));
      window.dispatchEvent(new Event(NOTICES_CHANGED));
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private async savePrefs(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const locale = (form.querySelector("#mail-locale") as HTMLSelectElement).value as "fr" | "en";
    const email = Object.fromEntries([...form.querySelectorAll<HTMLInputElement>("input[type=checkbox]")].map((i) => [i.name, i.checked]));
    this.prefsStatus = null;
    this.prefsError = null;
    try {
      this.prefs = await saveNoticePreferences({ locale, email });
      this.prefsStatus = () => t("notices.prefs.saved");
    } catch (error) {
      this.prefsError = () => errorMessage(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-notices": KoNotices;
  }
}
