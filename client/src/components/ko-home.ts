import { LitElement, css, html, svg as svgPart, type SVGTemplateResult } from "lit";
import { customElement, property } from "lit/decorators.js";
import type { Role, User } from "../api/types.ts";
import { LocaleController, t, type MessageKey } from "../i18n/i18n.ts";
import { intakePaths, paths } from "../router.ts";
import { base, buttons, cards, page } from "../styles/shared.ts";
import { resultsPages } from "./results-nav.ts";
import "./ko-grader-home.ts";

/** Sections that are empty for now, one per non-admin role. */
const emptySections: Record<Exclude<Role, "ADMIN">, { title: MessageKey; empty: MessageKey }> = {
  GRADER: { title: "home.grader.title", empty: "home.grader.empty" },
  SUPERVISOR: { title: "home.supervisor.title", empty: "home.supervisor.empty" },
  STUDENT: { title: "home.student.title", empty: "home.student.empty" },
};

/** Role-based home: only what works today, plus a welcome that says what the role is for. */
@customElement("ko-home")
export class KoHome extends LitElement {
  static override styles = [
    base,
    page,
    cards,
    buttons,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
        gap: var(--ko-space-5);
      }
      .card {
        display: grid;
        gap: var(--ko-space-3);
        align-content: start;
      }
      .card p {
        color: var(--ko-color-text-muted);
      }
      .card .btn {
        justify-self: start;
        margin-top: var(--ko-space-2);
      }
      .icon {
        display: grid;
        place-items: center;
        width: 2.5rem;
        height: 2.5rem;
        border-radius: var(--ko-radius);
        background: var(--ko-color-primary-soft);
        color: var(--ko-color-primary);
      }
      section h2 {
        margin-bottom: var(--ko-space-3);
      }
    `,
  ];

  @property({ attribute: false }) user!: User;

  private readonly locale = new LocaleController(this);

  override render() {
    const { role, displayName } = this.user;
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("home.title", { name: displayName })}</h1>
          <p>${t(`home.welcome.${role}`)}</p>
        </div>
      </div>
      ${role === "ADMIN" ? this.renderAdmin() : role === "GRADER" ? html`<ko-grader-home></ko-grader-home>` : resultsPages(role).length ? html`<div class="grid">${this.renderResultsCards()}</div>` : this.renderEmpty(emptySections[role])}
    `;
  }

  private renderAdmin() {
    return html`<div class="grid">
      <section class="card" aria-labelledby="users-card">
        <span class="icon" aria-hidden="true">${peopleIcon()}</span>
        <h2 id="users-card">${t("home.users.title")}</h2>
        <p>${t("home.users.description")}</p>
        <a class="btn btn-primary" href=${paths.users}>${t("home.users.open")}</a>
      </section>
      <section class="card" aria-labelledby="exams-card">
        <span class="icon" aria-hidden="true">${examIcon()}</span>
        <h2 id="exams-card">${t("home.exams.title")}</h2>
        <p>${t("home.exams.description")}</p>
        <a class="btn btn-primary" href=${intakePaths.exams}>${t("home.exams.open")}</a>
      </section>
      ${this.renderResultsCards()}
    </div>`;
  }

  /** Supervision, release, exports, audit, student portal (#7): one card per page the role may open. */
  private renderResultsCards() {
    return resultsPages(this.user.role).map((entry) => {
      const key = entry.label.replace("nav.", "") as "supervision" | "release" | "exports" | "audit" | "portal";
      return html`<section class="card" aria-labelledby="results-${key}">
        <span class="icon" aria-hidden="true">${resultsIcons[key]()}</span>
        <h2 id="results-${key}">${t(`home.results.${key}.title`)}</h2>
        <p>${t(`home.results.${key}.description`)}</p>
        <a class="btn btn-primary" href=${entry.href}>${t("home.results.open")}<span class="visually-hidden"> — ${t(`home.results.${key}.title`)}</span></a>
      </section>`;
    });
  }

  private renderEmpty(section: { title: MessageKey; empty: MessageKey }) {
    return html`<section aria-labelledby="section-title">
      <h2 id="section-title">${t(section.title)}</h2>
      <div class="empty"><p>${t(section.empty)}</p></div>
    </section>`;
  }
}

const svg = (paths: SVGTemplateResult) => html`<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor"
  stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false">${paths}</svg>`;

/** Line icons of the results cards (same stroke style as the others). */
const resultsIcons = {
  // a bar chart: progress and statistics
  supervision: () => svg(svgPart`<path d="M4 20h16M7 16v-5M12 16V6M17 16v-8" />`),
  // an open eye: copies made visible to students
  release: () => svg(svgPart`<path d="M2 12s4-7 10-7 10 7 10 7-4 7-10 7S2 12 2 12z" /><circle cx="12" cy="12" r="3" />`),
  // a tray with an arrow out: files to take away
  exports: () => svg(svgPart`<path d="M12 3v12M7 10l5 5 5-5M4 17v3h16v-3" />`),
  // a list with a clock: who did what, when
  audit: () => svg(svgPart`<path d="M4 6h9M4 11h6M4 16h5" /><circle cx="17" cy="15" r="4" /><path d="M17 13v2l1.5 1" />`),
  // a document with a mark: my copies
  portal: () => svg(svgPart`<path d="M7 3h7l5 5v13H7z" /><path d="M14 3v5h5M10 15h6" />`),
} as const;

function examIcon() {
  return html`<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false">
    <path d="M7 3h7l5 5v13H7z" />
    <path d="M14 3v5h5M10 13l2 2 4-4" />
  </svg>`;
}

function peopleIcon() {
  return html`<svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor"
    stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false">
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c0-3.6 2.9-6 6.5-6s6.5 2.4 6.5 6" />
    <path d="M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.4c1.9.9 3 2.9 3 5.6" />
  </svg>`;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-home": KoHome;
  }
}
