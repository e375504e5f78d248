import { LitElement, css, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { signIn, signInOptions, ssoStartUrl, type SignInOptions } from "../api/auth.ts";
import { ApiError } from "../api/http.ts";
import { LocaleController, errorMessage, t, type MessageKey } from "../i18n/i18n.ts";
import { paths, safeInternalPath } from "../router.ts";
import { signedIn, signedInWithPassword, takeNotice, type SignInNotice } from "../session.ts";
import { alerts, base, buttons, cards, forms } from "../styles/shared.ts";

@customElement("ko-login")
export class KoLogin extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    cards,
    css`
      :host {
        display: grid;
        justify-items: center;
        padding-top: var(--ko-space-6);
      }
      .card {
        width: 100%;
        max-width: 26rem;
        padding: var(--ko-space-6);
      }
      h1 {
        font-size: var(--ko-text-xl);
      }
      .intro {
        margin: var(--ko-space-2) 0 var(--ko-space-5);
        color: var(--ko-color-text-muted);
      }
      .alert {
        margin-bottom: var(--ko-space-4);
      }
      form .btn {
        margin-top: var(--ko-space-5);
      }
      .sso {
        display: grid;
        gap: var(--ko-space-2);
        margin-bottom: var(--ko-space-5);
      }
      .btn-sso {
        min-height: 3rem;
        white-space: normal;
        text-align: center;
        font-size: var(--ko-text-base, 1rem);
      }
      .or {
        display: flex;
        align-items: center;
        gap: var(--ko-space-3);
        margin: 0 0 var(--ko-space-4);
        color: var(--ko-color-text-muted);
        font-size: var(--ko-text-sm);
      }
      .or::before,
      .or::after {
        content: '';
        flex: 1;
        border-top: 1px solid var(--ko-color-border);
      }
      .forgot {
        display: block;
        margin-top: var(--ko-space-4);
        text-align: center;
        font-size: var(--ko-text-sm);
      }
      .tagline {
        margin-top: var(--ko-space-5);
        font-size: var(--ko-text-sm);
        color: var(--ko-color-text-muted);
        text-align: center;
      }
    `,
  ];

  // A thunk, so that a language switch re-translates the message on screen.
  @state() private error: (() => string) | null = null;
  @state() private busy = false;
  @state() private notice: SignInNotice | null = takeNotice();
  @state() private options: SignInOptions | null = null;
  /** why the single sign-on that brought the user back here was refused */
  @state() private ssoError: (() => string) | null = null;
  /** a success to show (the password was just reset) */
  @state() private info: (() => string) | null = null;
  @query("#username") private usernameInput!: HTMLInputElement;
  @query("#password") private passwordInput!: HTMLInputElement;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    const query = new URLSearchParams(location.search);
    const ssoError = query.get("sso_error");
    if (ssoError) this.ssoError = () => t(SSO_ERROR_CODES.has(ssoError) ? (`sso.error.${ssoError}` as MessageKey) : "sso.error.OIDC_FAILED");
    if (query.get("reset") === "done") this.info = () => t("login.passwordChanged");
    signInOptions().then(
      (options) => (this.options = options),
      () => (this.options = { sso: null, passwordReset: false }), // the password form still works
    );
  }

  focusInitial(): void {
    this.usernameInput.focus();
  }

  override render() {
    const notice = this.info?.() ?? (this.notice === "expired" ? t("login.expired") : this.notice ? t("login.signedOut") : "");
    const next = safeInternalPath(new URLSearchParams(location.search).get("next"));
    return html`
      <section class="card" aria-labelledby="login-title">
        <h1 id="login-title" tabindex="-1">${t("login.title")}</h1>
        <p class="intro">${t("login.intro")}</p>
        <div class="alert alert-info" role="status">${notice && !this.error && !this.ssoError ? notice : nothing}</div>
        <div class="alert alert-error" role="alert" id="login-error">${this.error?.() ?? this.ssoError?.() ?? nothing}</div>
        ${
          this.options?.sso
            ? html`<div class="sso">
                <a class="btn btn-primary btn-block btn-sso" href=${ssoStartUrl(next)}>${t("login.sso")}</a>
                ${this.options.sso.name ? html`<span class="muted hint">${t("login.ssoHint", { name: this.options.sso.name })}</span>` : nothing}
              </div>
              <p class="or">${t("login.or")}</p>`
            : nothing
        }
        <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
          <div class="field">
            <label for="username">${t("login.username")}</label>
            <input
              id="username"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              spellcheck="false"
              required
              aria-invalid=${String(Boolean(this.error))}
              aria-describedby=${this.error ? "login-error" : nothing}
            />
          </div>
          <div class="field">
            <label for="password">${t("login.password")}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid=${String(Boolean(this.error))}
              aria-describedby=${this.error ? "login-error" : nothing}
            />
          </div>
          <button class="btn ${this.options?.sso ? "" : "btn-primary"} btn-block" type="submit" aria-disabled=${String(this.busy)}>
            ${this.busy ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        ${this.options?.passwordReset ? html`<a class="forgot" href=${paths.passwordForgot}>${t("login.forgot")}</a>` : nothing}
      </section>
      <p class="tagline">${t("app.tagline")}</p>
    `;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const username = this.usernameInput.value.trim();
    const password = this.passwordInput.value;
    if (!username || !password) {
      this.error = () => t("login.required");
      (username ? this.passwordInput : this.usernameInput).focus();
      return;
    }
    this.busy = true;
    this.error = null;
    this.info = null;
    this.ssoError = null;
    try {
      signedInWithPassword(await signIn(username, password), password); // the shell's guard takes it from here
    } catch (error) {
      this.error = () => errorMessage(error);
      if (error instanceof ApiError && error.code === "INVALID_CREDENTIALS") {
        this.passwordInput.value = "";
        this.passwordInput.focus();
      }
    } finally {
      this.busy = false;
    }
  }
}

/** The codes of a refused single sign-on that have their own message (anything else: OIDC_FAILED). */
const SSO_ERROR_CODES = new Set([
  "OIDC_STATE_MISMATCH",
  "OIDC_NONCE_MISMATCH",
  "OIDC_CODE_REJECTED",
  "OIDC_TOKEN_INVALID",
  "OIDC_EMAIL_UNVERIFIED",
  "OIDC_NO_ACCOUNT",
  "OIDC_ACCOUNT_CONFLICT",
  "OIDC_ACCOUNT_DISABLED",
  "OIDC_TOO_MANY_ATTEMPTS",
  "OIDC_CANCELLED",
  "OIDC_PROVIDER_ERROR",
  "OIDC_PROVIDER_UNAVAILABLE",
]);

declare global {
  interface HTMLElementTagNameMap {
    "ko-login": KoLogin;
  }
}
