import { LitElement, html, nothing } from "lit";
import { customElement, property, query, state } from "lit/decorators.js";
import { ROLES, type User } from "../api/types.ts";
import { signInOptions } from "../api/auth.ts";
import { activateUser, deactivateUser, listUsers, makeSsoOnly, resetPassword } from "../api/users.ts";
import { LocaleController, errorMessage, t } from "../i18n/i18n.ts";
import { alerts, base, buttons, cards, page } from "../styles/shared.ts";
import type { KoConfirmDialog } from "./ko-confirm-dialog.ts";
import type { KoSecretDialog } from "./ko-secret-dialog.ts";
import type { KoUserCreateDialog } from "./ko-user-create-dialog.ts";
import "./ko-confirm-dialog.ts";
import "./ko-secret-dialog.ts";
import "./ko-user-create-dialog.ts";
import { usersTableStyles } from "./users-table-styles.ts";

type Message = () => string;

/** Admin: the accounts of the school — list, create, reset a password, (de)activate. */
@customElement("ko-users-admin")
export class KoUsersAdmin extends LitElement {
  static override styles = [base, page, cards, buttons, alerts, usersTableStyles];

  @property({ attribute: false }) user!: User;
  @state() private users: User[] | null = null;
  @state() private loadError: Message | null = null;
  @state() private actionError: Message | null = null;
  @state() private status: Message | null = null;
  /** single sign-on is configured: accounts may go without a password */
  @state() private ssoAvailable = false;
  @query("ko-confirm-dialog") private confirmDialog!: KoConfirmDialog;
  @query("ko-secret-dialog") private secretDialog!: KoSecretDialog;
  @query("ko-user-create-dialog") private createDialog!: KoUserCreateDialog;

  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
    signInOptions().then(
      (o) => (this.ssoAvailable = o.sso !== null),
      () => undefined,
    );
  }

  override render() {
    return html`
      <div class="page-head">
        <div>
          <h1 tabindex="-1">${t("users.title")}</h1>
          <p>${t("users.intro")}</p>
        </div>
        <button class="btn btn-primary" type="button" @click=${this.create}>${t("users.create")}</button>
      </div>
      <div class="messages">
        <div class="alert alert-success" role="status">${this.status?.() ?? nothing}</div>
        <div class="alert alert-error" role="alert">${this.actionError?.() ?? nothing}</div>
      </div>
      ${this.renderBody()}
      <ko-user-create-dialog ?ssoAvailable=${this.ssoAvailable}></ko-user-create-dialog>
      <ko-confirm-dialog></ko-confirm-dialog>
      <ko-secret-dialog></ko-secret-dialog>
    `;
  }

  private renderBody() {
    if (this.loadError) {
      return html`<div class="alert alert-error load-error" role="alert">
        <span>${this.loadError()}</span>
        <button class="btn btn-small" type="button" @click=${this.load}>${t("users.retry")}</button>
      </div>`;
    }
    if (!this.users) return html`<p class="muted" role="status">${t("users.loading")}</p>`;
    if (this.users.length === 0) return html`<div class="empty"><p>${t("users.empty")}</p></div>`;
    return html`
      <div class="table-wrap card" role="region" aria-labelledby="users-caption" tabindex="0">
        <table>
          <caption id="users-caption">${t("users.count", { count: this.users.length })}</caption>
          <thead>
            <tr>
              <th scope="col">${t("users.col.name")}</th>
              <th scope="col">${t("users.col.role")}</th>
              <th scope="col">${t("users.col.status")}</th>
              <th scope="col"><span class="visually-hidden">${t("users.col.actions")}</span></th>
            </tr>
          </thead>
          <tbody>
            ${this.users.map((user) => this.renderRow(user))}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderRow(user: User) {
    const self = user.id === this.user.id;
    return html`<tr class=${user.active ? "" : "inactive"}>
      <th scope="row">
        <span class="name">${user.displayName} ${self ? html`<span class="muted">${t("users.you")}</span>` : nothing}</span>
        <span class="username">${user.username}</span>
        ${
          user.email && user.email !== user.username
            ? html`<span class="email"><span class="visually-hidden">${t("users.col.email")} : </span>${user.email}</span>`
            : nothing
        }
      </th>
      <td>${t(`role.${user.role}`)}</td>
      <td>
        <span class="badge ${user.active ? "badge-active" : "badge-inactive"}">
          ${user.active ? t("users.status.active") : t("users.status.inactive")}
        </span>
        ${user.active && user.mustChangePassword ? html`<span class="badge badge-pending">${t("users.status.mustChange")}</span>` : nothing}
        ${user.ssoOnly ? html`<span class="badge badge-sso">${t("users.status.ssoOnly")}</span>` : nothing}
      </td>
      <td class="actions">${self ? nothing : this.renderActions(user)}</td>
    </tr>`;
  }

  private renderActions(user: User) {
    const who = html`<span class="visually-hidden"> — ${user.displayName}</span>`;
    return html`<div class="action-group" role="group" aria-label=${t("users.actionsFor", { name: user.displayName })}>
      ${
        user.active
          ? html`<button class="btn btn-small" type="button" @click=${() => this.reset(user)}>${t("users.resetPassword")}${who}</button>
            ${this.ssoAvailable && !user.ssoOnly ? html`<button class="btn btn-small" type="button" @click=${() => this.ssoOnly(user)}>${t("users.makeSsoOnly")}${who}</button>` : nothing}
            <button class="btn btn-small" type="button" @click=${() => this.setActive(user, false)}>${t("users.deactivate")}${who}</button>`
          : html`<button class="btn btn-small" type="button" @click=${() => this.setActive(user, true)}>${t("users.activate")}${who}</button>`
      }
    </div>`;
  }

  private async load(): Promise<void> {
    this.loadError = null;
    try {
      this.users = (await listUsers()).users;
    } catch (error) {
      this.loadError = () => errorMessage(error);
    }
  }

  private async create(event: Event): Promise<void> {
    const trigger = event.currentTarget as HTMLElement;
    this.clearMessages();
    const created = await this.createDialog.open();
    if (created) {
      const name = created.user.displayName;
      this.users = sortUsers([...(this.users ?? []), created.user]);
      if (created.initialPassword === null) this.status = () => t("users.createdSsoOnly", { name });
      else {
        this.status = () => t("users.created", { name });
        await this.secretDialog.show({
          title: () => t("secret.createdTitle"),
          intro: () => t("secret.createdIntro", { name }),
          secret: created.initialPassword,
        });
      }
    }
    trigger.focus();
  }

  private async reset(user: User): Promise<void> {
    const name = user.displayName;
    const trigger = this.focusedButton();
    this.clearMessages();
    const confirmed = await this.confirmDialog.ask({
      title: () => t("confirm.reset.title"),
      body: () => t("confirm.reset.body", { name }),
      confirmLabel: () => t("users.resetPassword"),
    });
    if (confirmed) {
      try {
        const { password } = await resetPassword(user.id);
        this.replace({ ...user, mustChangePassword: true, ssoOnly: false });
        this.status = () => t("users.passwordReset", { name });
        await this.secretDialog.show({
          title: () => t("secret.resetTitle"),
          intro: () => t("secret.resetIntro", { name }),
          secret: password,
        });
      } catch (error) {
        this.actionError = () => errorMessage(error);
      }
    }
    trigger?.focus();
  }

  private async ssoOnly(user: User): Promise<void> {
    const name = user.displayName;
    const trigger = this.focusedButton();
    this.clearMessages();
    const confirmed = await this.confirmDialog.ask({
      title: () => t("confirm.ssoOnly.title"),
      body: () => t("confirm.ssoOnly.body", { name }),
      confirmLabel: () => t("users.makeSsoOnly"),
      danger: true,
    });
    if (confirmed) {
      try {
        this.replace((await makeSsoOnly(user.id)).user);
        this.status = () => t("users.madeSsoOnly", { name });
      } catch (error) {
        this.actionError = () => errorMessage(error);
      }
    }
    trigger?.focus();
  }

  private async setActive(user: User, active: boolean): Promise<void> {
    const name = user.displayName;
    this.clearMessages();
    const kind = active ? "activate" : "deactivate";
    const confirmed = await this.confirmDialog.ask({
      title: () => t(`confirm.${kind}.title`),
      body: () => t(`confirm.${kind}.body`, { name }),
      confirmLabel: () => t(`users.${kind}`),
      danger: !active,
    });
    if (!confirmed) return;
    try {
      const updated = (await (active ? activateUser(user.id) : deactivateUser(user.id))).user;
      this.replace(updated);
      this.status = () => t(active ? "users.activated" : "users.deactivated", { name });
      await this.updateComplete;
      this.focusRowAction(updated.id);
    } catch (error) {
      this.actionError = () => errorMessage(error);
    }
  }

  private replace(updated: User): void {
    this.users = (this.users ?? []).map((user) => (user.id === updated.id ? updated : user));
  }

  private clearMessages(): void {
    this.status = null;
    this.actionError = null;
  }

  private focusedButton(): HTMLElement | null {
    return this.renderRoot instanceof ShadowRoot ? (this.renderRoot.activeElement as HTMLElement | null) : null;
  }

  /** The row's buttons were re-rendered (activate ⇄ deactivate): keep focus in that row. */
  private focusRowAction(id: string): void {
    const index = (this.users ?? []).findIndex((user) => user.id === id);
    const row = this.renderRoot.querySelectorAll("tbody tr")[index];
    row?.querySelector<HTMLButtonElement>(".actions button:last-child")?.focus();
  }
}

/** The server's order: by role (ADMIN first), then username. */
function sortUsers(users: User[]): User[] {
  const rank = (user: User) => ROLES.indexOf(user.role);
  return users.sort((a, b) => rank(a) - rank(b) || a.username.localeCompare(b.username));
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-users-admin": KoUsersAdmin;
  }
}
