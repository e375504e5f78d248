// Sign-in and password change rules. No express types here: routes pass plain values.
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { burnVerifyTime, hashPassword, verifyPassword } from "./password-hash.ts";
import { passwordProblems } from "./password-policy.ts";
import { PUBLIC_USER_SELECT, toPublicUser, type PublicUser } from "./public-user.ts";
import { revokeUserSessions } from "./session-store.ts";

const invalid = () => new AppError("INVALID_CREDENTIALS", "Invalid username or password");

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly throttle: LoginThrottle,
  ) {}

  async verifyCredentials(username: string, password: string, ctx: AuditContext & { ip: string }): Promise<PublicUser> {
    const login = username.trim().toLowerCase();
    const user = await this.db.user.findFirst({
      where: { OR: [{ username: login }, { email: { equals: login, mode: "insensitive" } }] },
      select: { ...PUBLIC_USER_SELECT, passwordHash: true },
    });
    const subject = { accountId: user?.id ?? null, login }; // the lockout is the account's, whatever was typed
    await this.throttle.assertAllowed(subject, ctx.ip);
    const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnVerifyTime(password), false);
    if (!ok || !user || !user.active) {
      const lockedNow = await this.throttle.recordFailure(subject, ctx.ip);
      await recordAudit(
        this.db,
        { ...ctx, actorId: user?.id ?? null, actorName: login },
        {
          action: "auth.login.failed",
          details: { reason: !user ? "unknown_user" : !user.passwordHash ? "sso_only" : !ok ? "bad_password" : "inactive" },
        },
      );
      if (lockedNow) await recordAudit(this.db, { ...ctx, actorId: user?.id ?? null, actorName: login }, { action: "auth.lockout", details: { login } });
      throw invalid();
    }
    await this.throttle.recordSuccess(subject, ctx.ip);
    await this.db.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
    await recordAudit(
      this.db,
      { ...ctx, actorId: user.id, actorName: user.username },
      { action: "auth.login.succeeded", targetType: "user", targetId: user.id },
    );
    return toPublicUser(user);
  }

  async findActiveUser(id: string): Promise<PublicUser | null> {
    const u = await this.db.user.findUnique({ where: { id }, select: PUBLIC_USER_SELECT });
    return u && u.active ? u : null;
  }

  async changePassword(userId: string, current: string, next: string, ctx: AuditContext & { sessionId: string }): Promise<PublicUser> {
    const user = await this.db.user.findUnique({ where: { id: userId }, select: { ...PUBLIC_USER_SELECT, passwordHash: true } });
    if (!user || !user.active) throw new AppError("UNAUTHENTICATED", "Sign in first");
    if (!user.passwordHash) throw new AppError("SSO_ONLY", "This account signs in through the school's identity provider and has no password");
    if (!(await verifyPassword(user.passwordHash, current))) {
      await recordAudit(this.db, ctx, { action: "auth.password.change_failed", targetType: "user", targetId: userId });
      throw new AppError("INVALID_CREDENTIALS", "The current password is wrong");
    }
    const reasons = passwordProblems(next, user.username, user.email);
    if (current === next) reasons.push("SAME_AS_CURRENT" as never);
    if (reasons.length) throw new AppError("WEAK_PASSWORD", "The new password does not meet the policy", { reasons });
    const passwordHash = await hashPassword(next);
    const updated = await this.db.$transaction(async (tx) => {
      const u = await tx.user.update({
        where: { id: userId },
        data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
        select: PUBLIC_USER_SELECT,
      });
      await revokeUserSessions(tx, userId, ctx.sessionId); // other devices must sign in again
      await recordAudit(tx, ctx, { action: "auth.password.changed", targetType: "user", targetId: userId });
      return u;
    });
    return updated;
  }
}
