// Account administration: create, reset a password (generated, shown once), (de)activate.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import { generatePassword, hashPassword } from "../auth/password-hash.ts";
import { PUBLIC_USER_SELECT, type PublicUser } from "../auth/public-user.ts";
import { revokeUserSessions } from "../auth/session-store.ts";
import type { Db } from "../db/client.ts";
import { AppError, notFound } from "../errors/app-error.ts";
import { authorize } from "../policy/policy.ts";
import type { Actor } from "../policy/actor.ts";
import type { CreateUserInput } from "../../collab/contract/api/users.ts";

export class UserService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor): Promise<PublicUser[]> {
    authorize(actor, "user.list");
    return this.db.user.findMany({ select: PUBLIC_USER_SELECT, orderBy: [{ role: "asc" }, { username: "asc" }] });
  }

  /** initialPassword is null for an SSO-only account (it has none). */
  async create(actor: Actor, input: CreateUserInput, ctx: AuditContext): Promise<{ user: PublicUser; initialPassword: string | null }> {
    authorize(actor, "user.create");
    const clash = await this.db.user.findFirst({
      where: { OR: [{ username: input.username }, ...(input.email ? [{ email: input.email }, { username: input.email }] : [])] },
      select: { username: true, email: true },
    });
    if (clash)
      throw clash.username === input.username
        ? new AppError("USERNAME_TAKEN", "This username is taken")
        : new AppError("EMAIL_TAKEN", "This email is already used");
    const ssoOnly = input.ssoOnly ?? false;
    const initialPassword = ssoOnly ? null : generatePassword();
    const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
    const user = await this.db.$transaction(async (tx) => {
      const u = await tx.user.create({
        data: { ...input, ssoOnly, email: input.email ?? null, passwordHash, mustChangePassword: !ssoOnly },
        select: PUBLIC_USER_SELECT,
      });
      await recordAudit(tx, ctx, { action: "user.created", targetType: "user", targetId: u.id, details: { username: u.username, role: u.role, ssoOnly } });
      return u;
    });
    return { user, initialPassword };
  }

  async resetPassword(actor: Actor, id: string, ctx: AuditContext): Promise<{ password: string }> {
    authorize(actor, "user.resetPassword", { id });
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    await this.db.$transaction(async (tx) => {
      const r = await tx.user.updateMany({ where: { id }, data: { passwordHash, mustChangePassword: true, ssoOnly: false } });
      if (r.count === 0) throw notFound("User");
      await revokeUserSessions(tx, id);
      await recordAudit(tx, ctx, { action: "user.password_reset", targetType: "user", targetId: id });
    });
    return { password };
  }

  /** The account keeps its sessions but loses its password (and any forgotten-password link). */
  async setSsoOnly(actor: Actor, id: string, ctx: AuditContext): Promise<PublicUser> {
    authorize(actor, "user.setSsoOnly", { id });
    return this.db.$transaction(async (tx) => {
      const exists = await tx.user.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw notFound("User");
      const u = await tx.user.update({ where: { id }, data: { passwordHash: null, ssoOnly: true, mustChangePassword: false }, select: PUBLIC_USER_SELECT });
      await tx.passwordReset.updateMany({ where: { userId: id, usedAt: null }, data: { usedAt: new Date() } });
      await recordAudit(tx, ctx, { action: "user.sso_only", targetType: "user", targetId: id });
      return u;
    });
  }

  async setActive(actor: Actor, id: string, active: boolean, ctx: AuditContext): Promise<PublicUser> {
    if (active) authorize(actor, "user.activate");
    else authorize(actor, "user.deactivate", { id });
    return this.db.$transaction(async (tx) => {
      const exists = await tx.user.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw notFound("User");
      const u = await tx.user.update({ where: { id }, data: { active }, select: PUBLIC_USER_SELECT });
      if (!active) await revokeUserSessions(tx, id);
      await recordAudit(tx, ctx, { action: active ? "user.activated" : "user.deactivated", targetType: "user", targetId: id });
      return u;
    });
  }
}
