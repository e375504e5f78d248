import { LitElement, css, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { ApiError } from "../api/http.ts";
import { ROLES, type Role, type User } from "../api/types.ts";
import { createUser } from "../api/users.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { alerts, base, buttons, forms } from "../styles/shared.ts";
import { dialog } from "../styles/dialog.ts";

type Field = "username" | "email" | "displayName" | "role";
type FieldErrors = Partial<Record<Field, () => string>>;

export interface CreatedUser {
  user: User;
  /** null for an account that signs in through the school's provider only */
  initialPassword: string | null;
}

/** The "new user" form in a modal; `open()` resolves with the created account, or null. */
@customElement("ko-user-create-dialog")
export class KoUserCreateDialog extends LitElement {
  static override styles = [base, buttons, forms, alerts, dialog, css`.sso-only { margin-top: var(--ko-space-4); }`];

  /** single sign-on is configured: the account may be created without a password */
  @property({ type: Boolean }) ssoAvailable = false;
  @state() private busy = false;
  @state() private error: (() => string) | null = null;
  @state() private fieldErrors: FieldErrors = {};
  @query("dialog") private dialogEl!: HTMLDialogElement;
  @query("form") private form!: HTMLFormElement;

  private readonly locale = new LocaleController(this);
  private created: CreatedUser | null = null;
  private resolve: ((created: CreatedUser | null) => void) | null = null;

  async open(): Promise<CreatedUser | null> {
    this.form.reset();
    this.error = null;
    this.fieldErrors = {};
    this.created = null;
    this.dialogEl.showModal();
    this.input("username").focus();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  override render() {
    return html`
      <dialog aria-labelledby="create-title" @close=${this.onClose}>
        <form novalidate @submit=${this.submit} aria-busy=${String(this.busy)}>
          <div class="dialog-body">
            <h2 id="create-title">${t("userForm.title")}</h2>
            <div class="alert alert-error" role="alert">${this.error?.() ?? nothing}</div>
            <div>
              ${this.textField("displayName", t("userForm.displayName"), t("userForm.displayNameHint"), "name")}
              ${this.textField("username", t("userForm.username"), t("userForm.usernameHint"), "off")}
              ${this.textField("email", t("userForm.email"), "", "email", "email")}
              <div class="field">
                <label for="role">${t("userForm.role")}</label>
                <select id="role" name="role">
                  ${ROLES.map((role) => html`<option value=${role} ?selected=${role === "GRADER"}>${t(`role.${role}`)}</option>`)}
                </select>
              </div>
              ${
                this.ssoAvailable
                  ? html`<label class="checkbox sso-only"><input type="checkbox" id="ssoOnly" name="ssoOnly" />${t("userForm.ssoOnly")}</label>`
                  : nothing
              }
            </div>
          </div>
          <div class="dialog-actions">
            <button class="btn" type="button" @click=${this.cancel}>${t("confirm.cancel")}</button>
            <button class="btn btn-primary" type="submit" aria-disabled=${String(this.busy)}>
              ${this.busy ? t("userForm.submitting") : t("userForm.submit")}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }

  private textField(name: Field, label: string, hint: string, autocomplete: string, type = "text") {
    const error = this.fieldErrors[name];
    const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
    return html`<div class="field">
      <label for=${name}>${label}</label>
      <input id=${name} name=${name} type=${type} autocomplete=${autocomplete} spellcheck="false"
        ?required=${name !== "email"} aria-invalid=${String(Boolean(error))}
        aria-describedby=${describedBy || nothing} />
      ${hint ? html`<span class="hint" id="${name}-hint">${hint}</span>` : nothing}
      ${error ? html`<span class="field-error" id="${name}-error">${error()}</span>` : nothing}
    </div>`;
  }

  private input(name: Field): HTMLInputElement | HTMLSelectElement {
    return this.renderRoot.querySelector(`#${name}`) as HTMLInputElement | HTMLSelectElement;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    const username = this.input("username").value.trim();
    const displayName = this.input("displayName").value.trim();
    const email = this.input("email").value.trim();
    const role = this.input("role").value as Role;
    const problems = checkNewUser({ username, displayName, email });
    if (Object.keys(problems).length > 0) return this.showFieldErrors(problems);

    this.busy = true;
    this.error = null;
    this.fieldErrors = {};
    try {
      const ssoOnly = this.renderRoot.querySelector<HTMLInputElement>("#ssoOnly")?.checked ?? false;
      this.created = await createUser({ username, displayName, role, ...(email ? { email } : {}), ...(ssoOnly ? { ssoOnly } : {}) });
      this.dialogEl.close();
    } catch (error) {
      this.showApiError(error);
    } finally {
      this.busy = false;
    }
  }

  private showApiError(error: unknown): void {
    if (error instanceof ApiError && error.code === "USERNAME_TAKEN") {
      return this.showFieldErrors({ username: () => errorMessage(error) });
    }
    if (error instanceof ApiError && error.code === "EMAIL_TAKEN") {
      return this.showFieldErrors({ email: () => errorMessage(error) });
    }
    const issues = error instanceof ApiError && error.code === "VALIDATION_FAILED" ? fieldIssues(error.details) : {};
    if (Object.keys(issues).length > 0) return this.showFieldErrors(issues);
    this.error = () => errorMessage(error);
  }

  private showFieldErrors(errors: FieldErrors): void {
    this.fieldErrors = errors;
    this.error = () => t("userForm.fixErrors");
    const first = (["displayName", "username", "email", "role"] as const).find((name) => errors[name]);
    if (first) this.input(first).focus();
  }

  private cancel(): void {
    this.dialogEl.close();
  }

  private onClose(): void {
    this.resolve?.(this.created);
    this.resolve = null;
  }
}

// The server's rules (server/users/user-schema.ts), checked first so messages are in the UI language.
const USERNAME = /^[a-z0-9._@-]{3,120}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const fieldMessages: Record<Field, () => string> = {
  username: () => t("userForm.usernameInvalid"),
  email: () => t("userForm.emailInvalid"),
  displayName: () => t("userForm.invalid"),
  role: () => t("userForm.invalid"),
};

function checkNewUser(input: { username: string; displayName: string; email: string }): FieldErrors {
  const errors: FieldErrors = {};
  if (!input.displayName) errors.displayName = () => t("userForm.required");
  else if (input.displayName.length > 200) errors.displayName = () => t("userForm.tooLong");
  if (!input.username) errors.username = () => t("userForm.required");
  else if (!USERNAME.test(input.username)) errors.username = fieldMessages.username;
  if (input.email && (input.email.length > 254 || !EMAIL.test(input.email))) errors.email = fieldMessages.email;
  return errors;
}

/** Maps the server's issues `{path, message}` to the form's fields, in the UI language. */
function fieldIssues(details: unknown): FieldErrors {
  const issues = (details as { issues?: unknown } | undefined)?.issues;
  const errors: FieldErrors = {};
  if (!Array.isArray(issues)) return errors;
  for (const issue of issues as Array<{ path?: unknown }>) {
    const path: unknown = Array.isArray(issue.path) ? issue.path[0] : issue.path;
    if (path === "username" || path === "email" || path === "displayName" || path === "role") {
      errors[path] ??= fieldMessages[path];
    }
  }
  return errors;
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-user-create-dialog": KoUserCreateDialog;
  }
}
