import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { requestPasswordReset, signInOptions } from "../../api/auth.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { paths } from "../../router.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { signInCard } from "./sign-in-styles.ts";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Asks for a forgotten-password link. The answer is the same whether or not the address has an account. */
@customElement("ko-password-forgot")
export class KoPasswordForgot extends LitElement {
  static override styles = [base, buttons, forms, alerts, cards, signInCard];

  @state() private busy = false;
  @state() private sentTo: string | null = null;
  @state() private error: (() => string) | null = null;
  @state() private available = true;
  @query("#email") private emailInput!: HTMLInputElement;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    signInOptions().then(
      (o) => (this.available = o.passwordReset),
      () => undefined,
    );
  }

  focusInitial(): void {
    this.emailInput?.focus();
  }

  override render() {
    return html`
      <section class="card" aria-labelledby="forgot-title">
        <h1 id="forgot-title" tabindex="-1">${t("forgot.title")}</h1>
        ${
          this.available
            ? html`<p class="intro">${t("forgot.intro")}</p>
              <div class="alert alert-success" role="status">${this.sentTo ? t("forgot.sent", { email: this.sentTo }) : nothing}</div>
              <div class="alert alert-error" role="alert" id="forgot-error">${this.error?.() ?? nothing}</div>
              <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
                <div class="field">
                  <label for="email">${t("forgot.email")}</label>
                  <input id="email" name="email" type="email" autocomplete="email" autocapitalize="none" spellcheck="false" required
                    aria-invalid=${String(Boolean(this.error))} aria-describedby=${this.error ? "forgot-error" : nothing} />
                </div>
                <button class="btn btn-primary btn-block" type="submit" aria-disabled=${String(this.busy)}>
                  ${this.busy ? t("forgot.submitting") : t("forgot.submit")}
                </button>
              </form>`
            : html`<p class="alert alert-info" role="status">${t("forgot.unavailable")}</p>`
        }
        <a class="back" href=${paths.login}>${t("forgot.back")}</a>
      </section>
    `;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const email = this.emailInput.value.trim().toLowerCase();
    if (!EMAIL.test(email)) {
      this.error = () => t("forgot.required");
      this.emailInput.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    this.sentTo = null;
    try {
      await requestPasswordReset(email);
      this.sentTo = email;
      this.emailInput.value = "";
    } catch (error) {
      this.error = () => errorMessage(error);
      this.emailInput.focus();
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-password-forgot": KoPasswordForgot;
  }
}
