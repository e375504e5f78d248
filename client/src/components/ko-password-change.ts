import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { changePassword } from "../api/auth.ts";
import { ApiError } from "../api/http.ts";
import type { User } from "../api/types.ts";
import { LocaleController, errorMessage, t, type MessageKey } from "../i18n/i18n.ts";
import { signedIn, takeJustTypedPassword } from "../session.ts";
import { alerts, base, buttons, cards, forms } from "../styles/shared.ts";
import { isPolicyReason, violations, type PolicyReason } from "./password-policy.ts";
import { passwordRuleStyles, ruleItem, type RuleState } from "./password-rules.ts";

/** Forced on first sign-in: replaces the temporary password, showing the policy live. */
@customElement("ko-password-change")
export class KoPasswordChange extends LitElement {
  static override styles = [
    base,
    buttons,
    forms,
    alerts,
    cards,
    passwordRuleStyles,
    css`
      :host {
        display: grid;
        justify-items: center;
        padding-top: var(--ko-space-5);
      }
      .card {
        width: 100%;
        max-width: 32rem;
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
      .checkbox {
        margin-top: var(--ko-space-4);
      }
      form .btn {
        margin-top: var(--ko-space-5);
      }
    `,
  ];

  @property({ attribute: false }) user!: User;
  @state() private current = "";
  @state() private next = "";
  @state() private confirm = "";
  @state() private reveal = false;
  @state() private busy = false;
  @state() private submitted = false;
  @state() private serverReasons = new Set<PolicyReason>();
  @state() private wrongCurrent = false;
  @state() private error: (() => string) | null = null;
  @query("#current") private currentInput!: HTMLInputElement;
  @query("#new") private newInput!: HTMLInputElement;

  private readonly locale = new LocaleController(this);

  /** the password typed at sign-in a moment ago: the current one, not asked again */
  private fromSignIn = false;

  override connectedCallback(): void {
    super.connectedCallback();
    const typed = takeJustTypedPassword();
    if (typed) {
      this.current = typed;
      this.fromSignIn = true;
    }
  }

  focusInitial(): void {
    (this.fromSignIn ? this.newInput : this.currentInput).focus();
  }

  override render() {
    const type = this.reveal ? "text" : "password";
    return html`
      <section class="card" aria-labelledby="pw-title">
        <h1 id="pw-title" tabindex="-1">${t("password.title")}</h1>
        <p class="intro">${t("password.intro")}</p>
        <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
        <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
          <input type="text" name="username" autocomplete="username" .value=${this.user.username} hidden />
          ${
            this.fromSignIn
              ? html`<p class="muted" data-current-from-sign-in>${t("password.currentFromSignIn")}</p>`
              : html`<div class="field">
                <label for="current">${t("password.current")}</label>
                <input id="current" type=${type} autocomplete="current-password" required
                  aria-invalid=${String(this.wrongCurrent)}
                  .value=${this.current} @input=${this.onCurrent} />
              </div>`
          }
          <div class="field">
            <label for="new">${t("password.new")}</label>
            <input id="new" type=${type} autocomplete="new-password" required aria-describedby="policy"
              aria-invalid=${String(this.submitted && this.problems().size > 0)}
              .value=${this.next} @input=${this.onNew} />
          </div>
          <div class="field">
            <label for="confirm">${t("password.confirm")}</label>
            <input id="confirm" type=${type} autocomplete="new-password" required aria-describedby="policy"
              aria-invalid=${String(this.submitted && this.confirm !== this.next)}
              .value=${this.confirm} @input=${this.onConfirm} />
          </div>
          <div class="policy" id="policy">
            <strong>${t("password.policyTitle")}</strong>
            <ul>
              ${this.rule("password.rule.length", this.state(["TOO_SHORT", "TOO_LONG"]))}
              ${this.rule("password.rule.username", this.state(["SAME_AS_USERNAME"]))}
              ${this.rule("password.rule.common", this.state(["COMMON_PASSWORD"]))}
              ${this.rule("password.rule.current", this.state(["SAME_AS_CURRENT"]))}
              ${this.rule("password.rule.match", this.matchState())}
            </ul>
          </div>
          <label class="checkbox">
            <input type="checkbox" .checked=${this.reveal} @change=${this.onReveal} />
            ${t("password.show")}
          </label>
          <button class="btn btn-primary btn-block" type="submit" aria-disabled=${String(this.busy)}>
            ${this.busy ? t("password.submitting") : t("password.submit")}
          </button>
        </form>
      </section>
    `;
  }

  private rule(key: MessageKey, state: RuleState) {
    return ruleItem(key, state);
  }

  private problems(): Set<PolicyReason> {
    const { username, email } = this.user;
    const local = violations({ password: this.next, current: this.current, username, email });
    for (const reason of this.serverReasons) local.add(reason);
    return local;
  }

  private state(reasons: PolicyReason[]): RuleState {
    if (!this.next && !this.submitted) return "pending";
    const problems = this.problems();
    return reasons.some((reason) => problems.has(reason)) ? "unmet" : "met";
  }

  private matchState(): RuleState {
    if (!this.confirm && !this.submitted) return "pending";
    return this.confirm && this.confirm === this.next ? "met" : "unmet";
  }

  private onCurrent(event: InputEvent): void {
    this.current = (event.target as HTMLInputElement).value;
    this.wrongCurrent = false;
  }

  private onNew(event: InputEvent): void {
    this.next = (event.target as HTMLInputElement).value;
    this.serverReasons = new Set(); // the server judged another value
  }

  private onConfirm(event: InputEvent): void {
    this.confirm = (event.target as HTMLInputElement).value;
  }

  private onReveal(event: Event): void {
    this.reveal = (event.target as HTMLInputElement).checked;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    if (!this.current) {
      this.error = () => t("password.currentRequired");
      this.currentInput.focus();
      return;
    }
    const problems = [...this.problems()];
    if (problems.length > 0 || this.confirm !== this.next) {
      const mismatch = this.confirm !== this.next;
      this.error = () => [t("password.fixRules"), ...reasonTexts(problems), mismatch ? t("password.mismatch") : ""].filter(Boolean).join(" ");
      this.newInput.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      signedIn(await changePassword(this.current, this.next)); // the shell's guard moves on
    } catch (error) {
      this.showError(error);
    } finally {
      this.busy = false;
    }
  }

  private showError(error: unknown): void {
    if (error instanceof ApiError && error.code === "INVALID_CREDENTIALS") {
      this.fromSignIn = false; // the field comes back: the sign-in's password is not the current one any more
      this.current = "";
      this.requestUpdate();
      this.wrongCurrent = true;
      this.error = () => t("error.WRONG_CURRENT_PASSWORD");
      void this.updateComplete.then(() => this.currentInput.focus());
      return;
    }
    if (error instanceof ApiError && error.code === "WEAK_PASSWORD") {
      const reasons = weakReasons(error.details);
      this.serverReasons = new Set(reasons);
      this.error = () => [t("error.WEAK_PASSWORD"), ...reasonTexts(reasons)].join(" ");
      this.newInput.focus();
      return;
    }
    this.error = () => errorMessage(error);
  }
}

function reasonTexts(reasons: PolicyReason[]): string[] {
  return reasons.map((reason) => t(`error.reason.${reason}`));
}

function weakReasons(details: unknown): PolicyReason[] {
  const reasons = (details as { reasons?: unknown } | undefined)?.reasons;
  return Array.isArray(reasons) ? reasons.filter(isPolicyReason) : [];
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-password-change": KoPasswordChange;
  }
}
