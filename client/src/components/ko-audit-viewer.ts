import { LitElement, css, html, nothing } from "lit";
import { customElement, state } from "lit/decorators.js";
import { auditEvents, auditExportUrl, type AuditEvent, type AuditFilters } from "../api/results.ts";
import { fr, type MessageKey } from "../i18n/fr.ts";
import { LocaleController, errorMessage, getLocale, t } from "../i18n/i18n.ts";
import { alerts, base, buttons, cards, forms, page } from "../styles/shared.ts";
import { resultsStyles } from "./results-styles.ts";

const KNOWN_ACTIONS = [
  "auth.",
  "user.",
  "copy.finalized",
  "copy.reopened",
  "copy.render.retried",
  "copy.lock.takeover",
  "copy.released",
  "copy.unreleased",
  "exam.released",
  "exam.unreleased",
  "export.",
  "audit.exported",
  "regrade.",
];

/** Admin: the audit trail, filtered by actor, action, copy and dates; newest first; CSV export. */
@customElement("ko-audit-viewer")
export class KoAuditViewer extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    forms,
    alerts,
    resultsStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: var(--ko-space-3);
        align-items: end;
        margin-bottom: var(--ko-space-5);
      }
      .field + .field {
        margin-top: 0;
      }
      .buttons {
        display: flex;
        gap: var(--ko-space-2);
      }
      td code {
        font-family: var(--ko-font-mono);
        font-size: var(--ko-text-xs);
      }
      td code.id {
        word-break: break-all;
      }
      td code.action {
        white-space: nowrap;
      }
      .more {
        margin-top: var(--ko-space-4);
      }
    `,
  ];

  @state() private names: Record<string, string> = {};
  @state() private filters: AuditFilters = {};
  @state() private events: AuditEvent[] | null = null;
  @state() private done = false;
  @state() private loadError: (() => string) | null = null;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override render() {
    return html`<div class="page-head">
        <div><h1 tabindex="-1">${t("audit.title")}</h1><p>${t("audit.intro")}</p></div>
        <a class="btn" href=${auditExportUrl(this.filters)} download>${t("audit.export")}</a>
      </div>
      <form @submit=${this.apply} role="search" aria-label=${t("audit.filters")}>
        <div class="field"><label for="actor">${t("audit.actor")}</label><input id="actor" name="actor" autocomplete="off" /></div>
        <div class="field">
          <label for="action">${t("audit.action")}</label>
          <input id="action" name="action" list="actions" autocomplete="off" />
          <datalist id="actions">${KNOWN_ACTIONS.map((a) => html`<option value=${a}></option>`)}</datalist>
        </div>
        <div class="field"><label for="copy">${t("audit.copy")}</label><input id="copy" name="copy" autocomplete="off" placeholder="0F8E-001" pattern="[0-9a-fA-F]{4}-[0-9]{3,6}|[0-9a-fA-F-]{36}" /></div>
        <div class="field"><label for="from">${t("audit.from")}</label><input id="from" name="from" type="date" /></div>
        <div class="field"><label for="to">${t("audit.to")}</label><input id="to" name="to" type="date" /></div>
        <div class="buttons">
          <button class="btn btn-primary" type="submit">${t("audit.apply")}</button>
          <button class="btn" type="reset" @click=${this.reset}>${t("audit.reset")}</button>
        </div>
      </form>
      ${this.body()}`;
  }

  private body() {
    if (this.loadError) return html`<div class="alert alert-error" role="alert">${this.loadError()}</div>`;
    if (!this.events) return html`<p class="muted" role="status">${t("app.loading")}</p>`;
    if (this.events.length === 0) return html`<div class="empty"><p>${t("audit.empty")}</p></div>`;
    return html`<div class="table-wrap card" role="region" aria-labelledby="audit-caption" tabindex="0">
        <table>
          <caption id="audit-caption">${t("audit.caption", { count: this.events.length })}</caption>
          <thead>
            <tr>
              <th scope="col">${t("audit.col.at")}</th>
              <th scope="col">${t("audit.col.actor")}</th>
              <th scope="col">${t("audit.col.action")}</th>
              <th scope="col">${t("audit.col.target")}</th>
              <th scope="col">${t("audit.col.details")}</th>
            </tr>
          </thead>
          <tbody>
            ${this.events.map(
              (e) => html`<tr>
                <td>${new Intl.DateTimeFormat(getLocale(), { dateStyle: "short", timeStyle: "medium" }).format(new Date(e.at))}</td>
                <td>${e.actorName ?? "—"}</td>
                <td title=${e.action}>${actionLabel(e.action)}</td>
                <td>${e.targetType ? html`${targetLabel(e.targetType)} ${this.nameOf(e.targetId)}` : "—"}</td>
                <td>${this.detailsText(e.details)}</td>
              </tr>`,
            )}
          </tbody>
        </table>
      </div>
      ${this.done ? nothing : html`<button class="btn more" type="button" @click=${this.more}>${t("audit.more")}</button>`}`;
  }

  private async load(before?: string): Promise<void> {
    this.loadError = null;
    try {
      const { events: page, names } = await auditEvents(this.filters, before);
      this.names = before ? { ...this.names, ...names } : names;
      this.events = before ? [...(this.events ?? []), ...page] : page;
      this.done = page.length < 50;
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (k: string) => String(data.get(k) ?? "").trim() || undefined;
    const to = value("to");
    this.filters = {
      actor: value("actor"),
      action: value("action"),
      copy: value("copy"),
      from: value("from"),
      // the whole last day
      to: to ? `${to}T23:59:59.999Z` : undefined,
    };
    this.events = null;
    void this.load();
  }

  private reset(): void {
    this.filters = {};
    this.events = null;
    void this.load();
  }

  private more(): void {
    void this.load(this.events?.at(-1)?.id);
  }

  /** a copy's code, an exam's title, a user's name; an unknown id shortened */
  private nameOf(id: string | null): string {
    if (!id) return "";
    return this.names[id.toLowerCase()] ?? (UUID.test(id) ? `${id.slice(0, 8)}…` : id);
  }

  /** "clé : valeur" pairs, ids replaced by names, dates in the reader's locale */
  private detailsText(details: unknown): string {
    if (!details || typeof details !== "object") return "";
    return Object.entries(details as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => `${k} : ${this.valueText(v)}`)
      .join(" · ");
  }

  private valueText(v: unknown): string {
    if (typeof v === "string") {
      if (UUID.test(v)) return this.nameOf(v);
      if (ISO_DATE.test(v)) return new Intl.DateTimeFormat(getLocale(), { dateStyle: "short", timeStyle: "short" }).format(new Date(v));
      return v;
    }
    if (typeof v === "number") return new Intl.NumberFormat(getLocale()).format(v);
    if (typeof v === "boolean") return v ? "✓" : "✗";
    if (Array.isArray(v)) return v.map((x) => this.valueText(x)).join(", ");
    if (v && typeof v === "object") return `{ ${this.detailsText(v)} }`;
    return String(v);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** the action in words (fr/en); an action without a label keeps its code */
function actionLabel(action: string): string {
  const key = `audit.label.${action}`;
  return key in fr ? t(key as MessageKey) : action;
}

function targetLabel(type: string): string {
  const key = `audit.target.${type.charAt(0).toUpperCase()}${type.slice(1)}`;
  return key in fr ? t(key as MessageKey) : type;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-audit-viewer": KoAuditViewer;
  }
}
