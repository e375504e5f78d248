import { LitElement, html, nothing } from "lit";
import { customElement, query, state } from "lit/decorators.js";
import { checkPasswordReset, completePasswordReset } from "../../api/auth.ts";
import { ApiError } from "../../api/http.ts";
import { LocaleController, errorMessage, t } from "../../i18n/i18n.ts";
import { navigate, paths } from "../../router.ts";
import { alerts, base, buttons, cards, forms } from "../../styles/shared.ts";
import { isPolicyReason, violations, type PolicyReason } from "../password-policy.ts";
import { passwordRuleStyles, ruleItem, type RuleState } from "../password-rules.ts";
import { signInCard } from "./sign-in-styles.ts";

/** The forgotten-password link lands here: the token is in the URL's fragment, read once and wiped. */
@customElement("ko-password-reset")
export class KoPasswordReset extends LitElement {
  static override styles = [base, buttons, forms, alerts, cards, passwordRuleStyles, signInCard];

  @state() private link: "checking" | "valid" | "invalid" = "checking";
  @state() private next = "";
  @state() private confirm = "";
  @state() private submitted = false;
  @state() private busy = false;
  @state() private serverReasons = new Set<PolicyReason>();
  @state() private error: (() => string) | null = null;
  @query("#new") private newInput!: HTMLInputElement;
  private token = "";

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
    if (location.hash) history.replaceState(null, "", location.pathname); // keep the token out of the history
    void this.check();
  }

  focusInitial(): void {
    (this.newInput ?? this.renderRoot.querySelector<HTMLElement>("h1"))?.focus();
  }

  override render() {
    return html`
      <section class="card" aria-labelledby="reset-title">
        <h1 id="reset-title" tabindex="-1">${t("reset.title")}</h1>
        ${this.link === "checking" ? html`<p class="muted" role="status">${t("reset.checking")}</p>` : nothing}
        ${
          this.link === "invalid"
            ? html`<p class="alert alert-error" role="alert">${t("reset.invalid")}</p>
              <a class="btn btn-primary btn-block" href=${paths.passwordForgot}>${t("reset.askAgain")}</a>`
            : nothing
        }
        ${this.link === "valid" ? this.renderForm() : nothing}
        <a class="back" href=${paths.login}>${t("forgot.back")}</a>
      </section>
    `;
  }

  private renderForm() {
    return html`<p class="intro">${t("reset.intro")}</p>
      <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
      <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
        <div class="field">
          <label for="new">${t("password.new")}</label>
          <input id="new" type="password" autocomplete="new-password" required aria-describedby="policy"
            aria-invalid=${String(this.submitted && this.problems().size > 0)} .value=${this.next} @input=${this.onNew} />
        </div>
        <div class="field">
          <label for="confirm">${t("password.confirm")}</label>
          <input id="confirm" type="password" autocomplete="new-password" required aria-describedby="policy"
            aria-invalid=${String(this.submitted && this.confirm !== this.next)} .value=${this.confirm} @input=${this.onConfirm} />
        </div>
        <div class="policy" id="policy">
          <strong>${t("password.policyTitle")}</strong>
          <ul>
            ${ruleItem("password.rule.length", this.state(["TOO_SHORT", "TOO_LONG"]))}
            ${ruleItem("password.rule.username", this.state(["SAME_AS_USERNAME"]))}
            ${ruleItem("password.rule.common", this.state(["COMMON_PASSWORD"]))}
            ${ruleItem("password.rule.match", this.confirm || this.submitted ? (this.confirm && this.confirm === this.next ? "met" : "unmet") : "pending")}
          </ul>
        </div>
        <button class="btn btn-primary btn-block" type="submit" aria-disabled=${String(this.busy)}>
          ${this.busy ? t("password.submitting") : t("reset.submit")}
        </button>
      </form>`;
  }

  private async check(): Promise<void> {
    if (!this.token) {
      this.link = "invalid";
      return;
    }
    try {
      await checkPasswordReset(this.token);
      this.link = "valid";
      await this.updateComplete;
      this.newInput?.focus();
    } catch {
      this.link = "invalid";
    }
  }

  /** The account's name is unknown here: the server judges "contains the username" and says so. */
  private problems(): Set<PolicyReason> {
    const local = violations({ password: this.next, current: "", username: "", email: null });
    for (const reason of this.serverReasons) local.add(reason);
    return local;
  }

  private state(reasons: PolicyReason[]): RuleState {
    if (!this.next && !this.submitted) return "pending";
    const problems = this.problems();
    return reasons.some((r) => problems.has(r)) ? "unmet" : "met";
  }

  private onNew(event: InputEvent): void {
    this.next = (event.target as HTMLInputElement).value;
    this.serverReasons = new Set();
  }

  private onConfirm(event: InputEvent): void {
    this.confirm = (event.target as HTMLInputElement).value;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.submitted = true;
    if (this.problems().size > 0 || this.confirm !== this.next) {
      this.error = () => [t("password.fixRules"), this.confirm !== this.next ? t("password.mismatch") : ""].filter(Boolean).join(" ");
      this.newInput.focus();
      return;
    }
    this.busy = true;
    this.error = null;
    try {
      await completePasswordReset(this.token, this.next);
      navigate(`${paths.login}?reset=done`, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.code === "WEAK_PASSWORD") {
        const reasons = ((error.details as { reasons?: unknown[] } | undefined)?.reasons ?? []).filter(isPolicyReason);
        this.serverReasons = new Set(reasons);
        this.error = () => [t("error.WEAK_PASSWORD"), ...reasons.map((r) => t(`error.reason.${r}`))].join(" ");
        this.newInput.focus();
      } else if (error instanceof ApiError && error.code === "LINK_INVALID") {
        this.link = "invalid";
      } else {
        this.error = () => errorMessage(error);
      }
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-password-reset": KoPasswordReset;
  }
}
