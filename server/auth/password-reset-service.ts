// Forgotten password by e-mail. The request answers the same whether or not the address has an
// account, before looking it up (the lookup, the link and the e-mail happen after the answer);
// it is rate-limited per address and per IP. A link works once, for PASSWORD_RESET_TTL_MIN; using
// it sets the password, voids the account's other links and revokes its sessions (and so its sockets).
import crypto from "node:crypto";
import type { Logger } from "pino";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { SignInMailConfig } from "../config/sign-in-mail-config.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import { consumeOrThrow } from "../intake/rate-limit.ts";
import { enqueueNotice } from "../notices/enqueue-notice.ts";
import type { LimiterFactory } from "../security/rate-limiter-store.ts";
import type { TokenSigner } from "../security/signed-token.ts";
import { hashPassword } from "./password-hash.ts";
import { passwordProblems } from "./password-policy.ts";
import { ResetToken } from "./password-reset-schema.ts";
import { revokeUserSessions } from "./session-store.ts";

export interface PasswordResetDeps {
  readonly db: Db;
  readonly tokens: TokenSigner;
  readonly limiters: LimiterFactory;
  readonly config: Pick<SignInMailConfig, "passwordReset">;
  readonly log: Logger;
  /** false without a mail relay: there is no way to deliver a link */
  readonly enabled: boolean;
}

const invalidLink = () => new AppError("LINK_INVALID", "This password-reset link is not valid any more: ask for a new one");

export class PasswordResetService {
  readonly #perAddress;
  readonly #perIp;
  readonly #badLinksPerIp;
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly d: PasswordResetDeps) {
    const cfg = d.config.passwordReset;
    this.#perAddress = d.limiters({ keyPrefix: "pwreset_addr", points: cfg.perAddressPerHour, durationSec: 3600 });
    this.#perIp = d.limiters({ keyPrefix: "pwreset_ip", points: cfg.perIpPerHour, durationSec: 3600 });
    this.#badLinksPerIp = d.limiters({ keyPrefix: "pwreset_bad_ip", points: 30, durationSec: 3600 });
  }

  get enabled(): boolean {
    return this.d.enabled;
  }

  #assertEnabled(): void {
    if (!this.d.enabled) throw new AppError("NOT_FOUND", "Password reset by e-mail is not configured here");
  }

  /** Same answer for every address; the work that depends on the address happens after it. */
  async request(email: string, audit: AuditContext & { ip: string }): Promise<void> {
    this.#assertEnabled();
    await consumeOrThrow(this.#perIp, audit.ip, "password-reset requests from this network");
    await consumeOrThrow(this.#perAddress, crypto.createHash("sha256").update(email).digest("hex"), "password-reset requests for this address");
    const work = this.#issue(email, audit)
      .catch((e) => this.d.log.error({ err: e }, "password-reset request failed"))
      .finally(() => this.#pending.delete(work));
    this.#pending.add(work);
  }

  /** Resolves when the requests already answered have been processed (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#pending.size) await Promise.all([...this.#pending]);
  }

  async #issue(email: string, audit: AuditContext): Promise<void> {
    const user = await this.d.db.user.findFirst({ where: { email, active: true }, select: { id: true, username: true, passwordHash: true } });
    if (!user) {
      await recordAudit(this.d.db, { ...audit, actorName: email }, { action: "auth.password_reset.requested", details: { known: false } });
      return;
    }
    await this.d.db.$transaction(async (tx) => {
      const reset = await tx.passwordReset.create({
        data: { userId: user.id, expiresAt: new Date(Date.now() + this.d.config.passwordReset.ttlMs) },
        select: { id: true },
      });
      await enqueueNotice(tx, {
        userId: user.id,
        kind: "PASSWORD_RESET",
        params: { resetId: reset.id, ssoOnly: user.passwordHash === null },
        dedupeKey: `password-reset:${reset.id}`,
        inApp: false,
      });
      await recordAudit(
        tx,
        { ...audit, actorName: email },
        { action: "auth.password_reset.requested", targetType: "user", targetId: user.id, details: { known: true, ssoOnly: user.passwordHash === null } },
      );
    });
  }

  /** The reset a link designates, if it is still usable. */
  async #usable(token: string, ip: string) {
    const parsed = ResetToken.safeParse(token);
    const [id, mac] = parsed.success ? parsed.data.split(".") : ["", ""];
    const genuine = parsed.success && this.d.tokens.verify("password-reset", id!, mac!);
    const reset = genuine
      ? await this.d.db.passwordReset.findUnique({
          where: { id },
          select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, username: true, email: true, active: true, passwordHash: true } } },
        })
      : null;
    if (!reset || reset.usedAt || reset.expiresAt <= new Date() || !reset.user.active || reset.user.passwordHash === null) {
      await consumeOrThrow(this.#badLinksPerIp, ip, "invalid password-reset links");
      return null;
    }
    return reset;
  }

  async check(token: string, ip: string): Promise<void> {
    this.#assertEnabled();
    if (!(await this.#usable(token, ip))) throw invalidLink();
  }

  async complete(token: string, newPassword: string, audit: AuditContext & { ip: string; sessionId?: string }): Promise<void> {
    this.#assertEnabled();
    const reset = await this.#usable(token, audit.ip);
    if (!reset) {
      await recordAudit(this.d.db, audit, { action: "auth.password_reset.refused", details: { reason: "invalid_link" } });
      throw invalidLink();
    }
    const { user } = reset;
    const reasons = passwordProblems(newPassword, user.username, user.email);
    if (reasons.length) throw new AppError("WEAK_PASSWORD", "The new password does not meet the policy", { reasons }); // the link still works
    const passwordHash = await hashPassword(newPassword);
    await this.d.db.$transaction(async (tx) => {
      // one conditional UPDATE: of two uses of one link, exactly one wins
      const used = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null, expiresAt: { gt: new Date() } }, data: { usedAt: new Date() } });
      if (used.count === 0) throw invalidLink();
      await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() } });
      const revoked = await revokeUserSessions(tx, user.id); // every device signs in again, sockets included
      await recordAudit(
        tx,
        { ...audit, actorId: user.id, actorName: user.username },
        { action: "auth.password_reset.completed", targetType: "user", targetId: user.id, details: { sessionsRevoked: revoked } },
      );
    });
  }
}
