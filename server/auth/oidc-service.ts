// Single sign-on through the school's OpenID provider. The provider proves who the user is; the
// session is then ours, exactly as after a password sign-in: same store, timeouts and revocation,
// and the same refusals (a disabled account, an account under a sign-in lockout). Every refused
// callback is audited with its reason and counts against the IP's budget of failed sign-ins.
import crypto from "node:crypto";
import type { Logger } from "pino";
import { recordAudit, type AuditContext } from "../audit/audit-service.ts";
import type { OidcConfig } from "../config/sign-in-mail-config.ts";
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { LimiterFactory } from "../security/rate-limiter-store.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { identityFrom, resolveSsoAccount } from "./oidc-account.ts";
import { OidcClient, OidcFailure, type PendingOidc } from "./oidc-client.ts";
import { PUBLIC_USER_SELECT, type PublicUser } from "./public-user.ts";

/** A sign-in left at the provider for longer than this must start again. */
export const OIDC_PENDING_MAX_MS = 10 * 60_000;
// forged or replayed callbacks count against the IP; a cancelled sign-in or an unknown pupil does not
const SUSPICIOUS = new Set(["OIDC_STATE_MISMATCH", "OIDC_NONCE_MISMATCH", "OIDC_TOKEN_INVALID", "OIDC_CODE_REJECTED"]);

type Ctx = AuditContext & { ip: string };

const sameString = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

export class OidcService {
  readonly #client: OidcClient;
  readonly #failures;

  constructor(
    private readonly db: Db,
    private readonly cfg: OidcConfig,
    private readonly throttle: LoginThrottle,
    limiters: LimiterFactory,
    private readonly log: Logger,
    private readonly failuresPerIpPerHour: number,
  ) {
    this.#client = new OidcClient(cfg);
    this.#failures = limiters({ keyPrefix: "oidc_fail_ip", points: failuresPerIpPerHour, durationSec: 3600 });
  }

  get displayName(): string | null {
    return this.cfg.displayName;
  }

  async #assertIpAllowed(ip: string): Promise<void> {
    const r = await this.#failures.get(ip);
    if (r && r.consumedPoints >= this.failuresPerIpPerHour)
      throw new OidcFailure("OIDC_TOO_MANY_ATTEMPTS", "too many failed single sign-ons from this network", { retryAfterSec: Math.ceil(r.msBeforeNext / 1000) });
  }

  async begin(next: string | null, ctx: Ctx): Promise<{ url: URL; pending: PendingOidc }> {
    try {
      await this.#assertIpAllowed(ctx.ip);
      return await this.#client.begin(next);
    } catch (e) {
      throw await this.#refused(e, ctx);
    }
  }

  /** The provider sent the user back: check the callback against the pending sign-in, then find the account. */
  async complete(query: string, pending: PendingOidc | undefined, ctx: Ctx): Promise<PublicUser> {
    try {
      await this.#assertIpAllowed(ctx.ip);
      if (!pending) throw new OidcFailure("OIDC_STATE_MISMATCH", "no single sign-on was started in this browser (a replayed or forged callback)");
      if (Date.now() - pending.startedAt > OIDC_PENDING_MAX_MS) throw new OidcFailure("OIDC_STATE_MISMATCH", "the single sign-on was started too long ago");
      const state = new URLSearchParams(query).get("state");
      if (!state || !sameString(state, pending.state))
        throw new OidcFailure("OIDC_STATE_MISMATCH", "the callback's state is not the one this browser sent (a forged or crossed callback)");
      const claims = await this.#client.finish(query, pending);
      const identity = identityFrom(claims, this.cfg, this.cfg.issuerUrl);
      const account = await resolveSsoAccount(this.db, identity, ctx);
      const user = await this.#signIn(account.userId, ctx);
      await recordAudit(
        this.db,
        { ...ctx, actorId: user.id, actorName: user.username },
        { action: "auth.login.succeeded", targetType: "user", targetId: user.id, details: { method: "oidc", account: account.how } },
      );
      return user;
    } catch (e) {
      throw await this.#refused(e, ctx);
    }
  }

  async #signIn(userId: string, ctx: Ctx): Promise<PublicUser> {
    const found = await this.db.user.findUnique({ where: { id: userId }, select: { ...PUBLIC_USER_SELECT, passwordHash: true } });
    if (!found || !found.active) throw new OidcFailure("OIDC_ACCOUNT_DISABLED", "this account is disabled", { userId });
    try {
      await this.throttle.assertAllowed({ accountId: found.id, login: found.username }, ctx.ip); // the password path's lockout holds here too
    } catch (e) {
      if (e instanceof AppError && e.code === "TOO_MANY_ATTEMPTS")
        throw new OidcFailure("OIDC_TOO_MANY_ATTEMPTS", "this account is locked out after failed sign-ins", { userId, ...e.details });
      throw e;
    }
    // a provisional password never changed is dropped: the provider's identity replaces it
    const dropProvisional = found.mustChangePassword && found.passwordHash !== null;
    const user = await this.db.user.update({
      where: { id: userId },
      data: { lastLoginAt: new Date(), ...(dropProvisional ? { passwordHash: null, ssoOnly: true, mustChangePassword: false } : {}) },
      select: PUBLIC_USER_SELECT,
    });
    if (dropProvisional)
      await recordAudit(
        this.db,
        { ...ctx, actorId: userId, actorName: user.username },
        { action: "auth.oidc.provisional_password_dropped", targetType: "user", targetId: userId },
      );
    return user;
  }

  async #refused(e: unknown, ctx: Ctx): Promise<OidcFailure> {
    const failure = e instanceof OidcFailure ? e : new OidcFailure("OIDC_FAILED", "single sign-on failed");
    if (!(e instanceof OidcFailure)) this.log.error({ err: e }, "single sign-on failed");
    if (SUSPICIOUS.has(failure.code)) await this.#failures.penalty(ctx.ip, 1).catch(() => undefined);
    await recordAudit(
      this.db,
      { ...ctx, actorId: null },
      { action: "auth.oidc.failed", details: { code: failure.code, reason: failure.message, ...failure.detail } },
    ).catch((err) => this.log.error({ err }, "audit of a refused sign-on failed"));
    return failure;
  }
}
