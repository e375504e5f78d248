import { LitElement, css, html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import { signIn } from '../api/auth.ts';
import { ApiError } from '../api/http.ts';
import { LocaleController, errorMessage, t } from '../i18n/i18n.ts';
import { signedIn, takeNotice, type SignInNotice } from '../session.ts';
import { alerts, base, buttons, cards, forms } from '../styles/shared.ts';

@customElement('ko-login')
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
  @query('#username') private usernameInput!: HTMLInputElement;
  @query('#password') private passwordInput!: HTMLInputElement;

  private readonly locale = new LocaleController(this);

  focusInitial(): void {
    this.usernameInput.focus();
  }

  override render() {
    const notice = this.notice === 'expired' ? t('login.expired') : this.notice ? t('login.signedOut') : '';
    return html`
      <section class="card" aria-labelledby="login-title">
        <h1 id="login-title" tabindex="-1">${t('login.title')}</h1>
        <p class="intro">${t('login.intro')}</p>
        <div class="alert alert-info" role="status">${notice && !this.error ? notice : nothing}</div>
        <div class="alert alert-error" role="alert" id="login-error">${this.error?.() ?? nothing}</div>
        <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
          <div class="field">
            <label for="username">${t('login.username')}</label>
            <input
              id="username"
              name="username"
              autocomplete="username"
              autocapitalize="none"
              spellcheck="false"
              required
              aria-invalid=${String(Boolean(this.error))}
              aria-describedby=${this.error ? 'login-error' : nothing}
            />
          </div>
          <div class="field">
            <label for="password">${t('login.password')}</label>
            <input
              id="password"
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid=${String(Boolean(this.error))}
              aria-describedby=${this.error ? 'login-error' : nothing}
            />
          </div>
          <button class="btn btn-primary btn-block" type="submit" aria-disabled=${String(this.busy)}>
            ${this.busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </section>
      <p class="tagline">${t('app.tagline')}</p>
    `;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const username = this.usernameInput.value.trim();
    const password = this.passwordInput.value;
    if (!username || !password) {
      this.error = () => t('login.required');
      (username ? this.passwordInput : this.usernameInput).focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      signedIn(await signIn(username, password)); // the shell's guard takes it from here
    } catch (error) {
      this.error = () => errorMessage(error);
      if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') {
        this.passwordInput.value = '';
        this.passwordInput.focus();
      }
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ko-login': KoLogin;
  }
}
