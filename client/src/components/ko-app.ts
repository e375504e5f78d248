import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { fetchMe, signOut } from "../api/auth.ts";
import { ApiError } from "../api/http.ts";
import type { User } from "../api/types.ts";
import { LocaleController, errorMessage, t, type MessageKey } from "../i18n/i18n.ts";
import { currentRoute, intakePaths, navigate, onRouteChange, paths, safeInternalPath, type Route } from "../router.ts";
import { onSessionChange, session, signedIn, signedOut, takeInlineSession } from "../session.ts";
import { alerts, base, buttons } from "../styles/shared.ts";
import { prefetchDesk } from "../desk/desk-prefetch.ts";
import { appStyles } from "./ko-app-styles.ts";
import "./ko-home.ts";
import "./ko-locale-switch.ts";
import "./ko-login.ts";
import "./ko-not-found.ts";
import "./ko-password-change.ts";
import "./ko-user-menu.ts";
import "./notices/ko-notice-bell.ts";
import { resultsAccess, resultsNav } from "./results-nav.ts";

/** Exam intake pages (#4), admin only. */
const INTAKE_ROUTES: Route["name"][] = ["exams", "exam", "examScale", "examRubric", "roster", "examUpload", "examStapler", "examIdentify", "examDispatch"];

/**
 * Pages whose code is fetched on first visit: sign-in and the homes stay small, and pdf.js (intake,
 * portal, desk) is only downloaded by the pages that draw PDFs. An element rendered before its
 * module arrives upgrades when it is defined (Lit keeps the properties set meanwhile).
 */
const LAZY_PAGES: Record<string, () => Promise<unknown>> = {
  "ko-users-admin": () => import("./ko-users-admin.ts"),
  "ko-intake-page": () => import("./intake/ko-intake-page.ts"),
  "ko-rubric-editor": () => import("./rubrics/ko-rubric-editor.ts"),
  "ko-audit-viewer": () => import("./ko-audit-viewer.ts"),
  "ko-exports": () => import("./ko-exports.ts"),
  "ko-portal-copy": () => import("./ko-portal-copy.ts"),
  "ko-portal-home": () => import("./ko-portal-home.ts"),
  "ko-release": () => import("./ko-release.ts"),
  "ko-supervisor-dashboard": () => import("./ko-supervisor-dashboard.ts"),
  "ko-desk": () => import("./desk/ko-desk.ts"),
  "ko-layer-viewer": () => import("./moderation/ko-layer-viewer.ts"),
  "ko-question-desk": () => import("./desk/ko-question-desk.ts"),
  "ko-region-editor": () => import("./desk/ko-region-editor.ts"),
  "ko-reconcile-page": () => import("./moderation/ko-reconcile-page.ts"),
  "ko-password-forgot": () => import("./sign-in/ko-password-forgot.ts"),
  "ko-password-reset": () => import("./sign-in/ko-password-reset.ts"),
  "ko-unsubscribe": () => import("./sign-in/ko-unsubscribe.ts"),
  "ko-notices": () => import("./notices/ko-notices.ts"),
};

/** Pages that answer without a session (forgotten password, unsubscribe from an e-mail). */
const PUBLIC_ROUTES: Route["name"][] = ["login", "notFound", "passwordForgot", "passwordReset", "unsubscribe"];

/** A view may say which element should get focus when it is shown. */
interface FocusableView extends HTMLElement {
  focusInitial?(): void;
}

const titles: Record<Route["name"], MessageKey> = {
  home: "nav.home",
  login: "login.title",
  password: "password.title",
  users: "users.title",
  notFound: "notFound.title",
  exams: "intake.exams.title",
  exam: "intake.title.exam",
  examScale: "intake.scale.title",
  examRubric: "rubric.title",
  roster: "intake.roster.title",
  examUpload: "intake.upload.title",
  examStapler: "intake.stapler.title",
  examIdentify: "intake.identify.title",
  examDispatch: "intake.dispatch.title",
  desk: "desk.title",
  copyLayers: "moderation.layers.show",
  byQuestion: "byq.title",
  examRegions: "regions.title",
  supervision: "supervision.title",
  supervisionExam: "supervision.title",
  reconcile: "reconcile.pageTitleShort",
  release: "release.title",
  releaseExam: "release.title",
  exports: "exports.title",
  audit: "audit.title",
  portal: "portal.title",
  portalCopy: "portal.copyTitle",
  passwordForgot: "forgot.title",
  passwordReset: "reset.title",
  unsubscribe: "unsubscribe.title",
  notices: "notices.title",
};

/** The application shell: header, session guard, and the view for the current route. */
@customElement("ko-app")
export class KoApp extends LitElement {
  static override styles = [base, buttons, alerts, appStyles];

  @state() private route: Route = currentRoute();
  @state() private globalError: (() => string) | null = null;
  @query("main") private main!: HTMLElement;

  private readonly locale = new LocaleController(this);
  private readonly cleanups: Array<() => void> = [];
  private routeChanged = true;

  override connectedCallback(): void {
    super.connectedCallback();
    this.cleanups.push(
      onRouteChange((route) => {
        if (route.name === "desk" && !route.query.has("layer")) prefetchDesk(route.params.copyId ?? "");
        this.route = route;
        this.routeChanged = true;
        this.guard();
      }),
      onSessionChange(() => {
        this.requestUpdate();
        this.guard();
      }),
    );
    this.addEventListener("ko-sign-out", () => void this.signOut());
    if (this.route.name === "desk" && !this.route.query.has("layer")) prefetchDesk(this.route.params.copyId ?? ""); // the desk's code and scan load while the session is checked
    void this.restoreSession();
  }

  override disconnectedCallback(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    super.disconnectedCallback();
  }

  override render() {
    const { status, user } = session();
    return html`
      <header>
        ${
          /* a button, inside the banner landmark: a "#main" link cannot reach into this shadow root (the
             fragment is looked up in the document), so it would point nowhere for assistive tools */ ""
        }
        <button class="skip" type="button" @click=${this.skipToMain}>${t("app.skipToContent")}</button>
        <div class="bar">
          <a class="brand" href=${paths.home}>${logo()}<span>${t("app.name")}</span></a>
          ${user && !user.mustChangePassword ? this.renderNav(user) : nothing}
          <div class="tools">
            <ko-locale-switch></ko-locale-switch>
            ${user && !user.mustChangePassword ? html`<ko-notice-bell .route=${this.route.name}></ko-notice-bell>` : nothing}
            ${user ? html`<ko-user-menu .user=${user}></ko-user-menu>` : nothing}
          </div>
        </div>
      </header>
      <main id="main" tabindex="-1" class=${this.route.name === "desk" || this.route.name === "byQuestion" ? "full" : ""}>
        ${
          this.globalError
            ? html`<div class="alert alert-error banner" role="alert">
              <span>${this.globalError()}</span>
              <button class="btn btn-small" type="button" @click=${this.retryBoot}>${t("users.retry")}</button>
            </div>`
            : nothing
        }
        ${status === "unknown" ? html`<p class="loading" role="status">${t("app.loading")}</p>` : this.renderView(user)}
      </main>
    `;
  }

  override updated(): void {
    void this.loadView();
    this.toggleAttribute("desk", this.route.name === "desk");
    document.title = `${t(titles[this.route.name])} · ${t("app.name")}`;
    if (!this.routeChanged || session().status === "unknown") return;
    this.routeChanged = false;
    void this.focusView();
  }

  private renderNav(user: User) {
    const results = resultsNav(user.role);
    if (user.role !== "ADMIN" && results.length === 0) return nothing;
    const current = (name: Route["name"]) => (this.route.name === name ? "page" : undefined);
    return html`<nav aria-label=${t("app.mainNav")}>
      <ul>
        <li><a href=${paths.home} aria-current=${current("home") ?? nothing}>${t("nav.home")}</a></li>
        ${user.role === "ADMIN" ? html`<li><a href=${paths.users} aria-current=${current("users") ?? nothing}>${t("nav.users")}</a></li>` : nothing}
        ${user.role === "ADMIN" ? html`<li><a href=${intakePaths.exams} aria-current=${INTAKE_ROUTES.includes(this.route.name) ? "page" : nothing}>${t("nav.exams")}</a></li>` : nothing}
        ${results.map((e) => html`<li><a href=${e.href} aria-current=${e.routes.includes(this.route.name) ? "page" : nothing}>${t(e.label)}</a></li>`)}
      </ul>
    </nav>`;
  }

  private renderView(user: User | null) {
    switch (this.route.name) {
      case "login":
        return user ? nothing : html`<ko-login data-view></ko-login>`;
      case "password":
        return user ? html`<ko-password-change data-view .user=${user}></ko-password-change>` : nothing;
      case "home":
        return user ? html`<ko-home data-view .user=${user}></ko-home>` : nothing;
      case "users":
        if (!user) return nothing;
        return user.role === "ADMIN" ? html`<ko-users-admin data-view .user=${user}></ko-users-admin>` : html`<ko-not-found data-view></ko-not-found>`;
      case "notFound":
        return html`<ko-not-found data-view></ko-not-found>`;
      case "passwordForgot":
        return html`<ko-password-forgot data-view></ko-password-forgot>`;
      case "passwordReset":
        return html`<ko-password-reset data-view></ko-password-reset>`;
      case "unsubscribe":
        return html`<ko-unsubscribe data-view .query=${this.route.query}></ko-unsubscribe>`;
      case "notices":
        return user ? html`<ko-notices data-view .user=${user}></ko-notices>` : nothing;
      case "examRubric": // the office edits it among the exam's steps; head teachers on its own
        if (!user) return nothing;
        if (user.role === "SUPERVISOR") return html`<ko-rubric-editor data-view .examId=${this.route.params.examId ?? ""}></ko-rubric-editor>`;
        return user.role === "ADMIN" ? html`<ko-intake-page data-view .route=${this.route}></ko-intake-page>` : html`<ko-not-found data-view></ko-not-found>`;
      case "exams":
      case "exam":
      case "examScale":
      case "roster":
      case "examUpload":
      case "examStapler":
      case "examIdentify":
      case "examDispatch":
        if (!user) return nothing;
        return user.role === "ADMIN" ? html`<ko-intake-page data-view .route=${this.route}></ko-intake-page>` : html`<ko-not-found data-view></ko-not-found>`;
      case "supervision":
      case "supervisionExam":
      case "release":
      case "releaseExam":
      case "exports":
      case "audit":
      case "portal":
      case "portalCopy":
        return user ? this.renderResults(user) : nothing;
      case "desk":
        if (!user) return nothing;
        return user.role === "STUDENT"
          ? html`<ko-not-found data-view></ko-not-found>`
          : html`<ko-desk data-view .copyId=${this.route.params.copyId ?? ""} .layer=${this.route.query.get("layer") === "second" ? "second" : null} .user=${user}></ko-desk>`;
      case "copyLayers":
        if (!user) return nothing;
        return user.role === "ADMIN" || user.role === "SUPERVISOR"
          ? html`<ko-layer-viewer data-view .copyId=${this.route.params.copyId ?? ""}></ko-layer-viewer>`
          : html`<ko-not-found data-view></ko-not-found>`;
      case "byQuestion":
        if (!user) return nothing;
        return user.role === "GRADER"
          ? html`<ko-question-desk data-view .examId=${this.route.params.examId ?? ""} .questionId=${this.route.query.get("q")} .user=${user}></ko-question-desk>`
          : html`<ko-not-found data-view></ko-not-found>`;
      case "reconcile":
        if (!user) return nothing;
        return user.role === "ADMIN" || user.role === "SUPERVISOR"
          ? html`<ko-reconcile-page data-view .examId=${this.route.params.examId ?? ""} .copyId=${this.route.params.copyId ?? ""}></ko-reconcile-page>`
          : html`<ko-not-found data-view></ko-not-found>`;
      case "examRegions":
        if (!user) return nothing;
        return user.role === "ADMIN" || user.role === "SUPERVISOR"
          ? html`<ko-region-editor data-view .examId=${this.route.params.examId ?? ""}></ko-region-editor>`
          : html`<ko-not-found data-view></ko-not-found>`;
    }
  }

  /** Pages of #7 (supervision, release, exports, audit, student portal). */
  private renderResults(user: User) {
    const { name, params } = this.route;
    if (!resultsAccess[name]?.includes(user.role)) return html`<ko-not-found data-view></ko-not-found>`;
    switch (name) {
      case "supervision":
      case "supervisionExam":
        return html`<ko-supervisor-dashboard data-view .user=${user} .examId=${params.examId ?? null}></ko-supervisor-dashboard>`;
      case "release":
      case "releaseExam":
        return html`<ko-release data-view .examId=${params.examId ?? null}></ko-release>`;
      case "exports":
        return html`<ko-exports data-view></ko-exports>`;
      case "audit":
        return html`<ko-audit-viewer data-view></ko-audit-viewer>`;
      case "portal":
        return html`<ko-portal-home data-view></ko-portal-home>`;
      default:
        return html`<ko-portal-copy data-view .copyId=${params.copyId ?? ""}></ko-portal-copy>`;
    }
  }

  /** Sends the user where their session allows: sign-in, forced password change, or in. */
  private guard(): void {
    const { status, user } = session();
    const { name, path, query } = this.route;
    if (status === "unknown") return;
    if (!user) {
      if (PUBLIC_ROUTES.includes(name)) return;
      const next = path === paths.home ? "" : `?next=${encodeURIComponent(path + location.search)}`;
      navigate(paths.login + next, { replace: true });
    } else if (user.mustChangePassword) {
      if (name !== "password") navigate(paths.password + nextQuery(name, path, query), { replace: true });
    } else if (name === "login" || name === "password") {
      navigate(safeInternalPath(query.get("next")) ?? paths.home, { replace: true });
    }
  }

  private async restoreSession(): Promise<void> {
    this.globalError = null;
    try {
      signedIn(takeInlineSession() ?? (await fetchMe()));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return; // the http hook signed us out
      this.globalError = () => errorMessage(error);
    }
  }

  private retryBoot(): void {
    void this.restoreSession();
  }

  private async signOut(): Promise<void> {
    try {
      await signOut();
    } catch (error) {
      // Already signed out on the server: nothing left to do there.
      if (!(error instanceof ApiError && error.status === 401)) {
        this.globalError = () => errorMessage(error);
        return;
      }
    }
    this.globalError = null;
    signedOut("signedOut");
    navigate(paths.login);
  }

  /** Fetches the code of the page on screen when it is one of the lazy ones. */
  private async loadView(): Promise<void> {
    const tag = this.renderRoot.querySelector("[data-view]")?.localName;
    const load = tag && !customElements.get(tag) ? LAZY_PAGES[tag] : undefined;
    if (!load) return;
    try {
      await load();
    } catch (error) {
      this.globalError = () => errorMessage(error); // e.g. offline, or a new version was deployed meanwhile
    }
  }

  private async focusView(): Promise<void> {
    const view = this.renderRoot.querySelector<FocusableView>("[data-view]");
    if (!view) return;
    if (LAZY_PAGES[view.localName]) await customElements.whenDefined(view.localName);
    await (view as unknown as LitElement).updateComplete;
    if (view.focusInitial) view.focusInitial();
    else (view.shadowRoot?.querySelector<HTMLElement>("h1") ?? this.main).focus();
  }

  private skipToMain(event: Event): void {
    event.preventDefault();
    this.main.focus();
  }
}

/** Keeps the page the user asked for across the forced password change. */
function nextQuery(name: Route["name"], path: string, query: URLSearchParams): string {
  if (name === "login") return query.has("next") ? `?next=${encodeURIComponent(query.get("next") ?? "")}` : "";
  if (name === "home" || name === "notFound") return "";
  return `?next=${encodeURIComponent(path)}`;
}

function logo() {
  return html`<svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
    <rect width="32" height="32" rx="7" fill="#fff" />
    <path
      d="M9 17l5 5 9-11"
      fill="none"
      stroke="#14304f"
      stroke-width="3.5"
      stroke-linecap="round"
      stroke-linejoin="round"
    />
  </svg>`;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-app": KoApp;
  }
}
