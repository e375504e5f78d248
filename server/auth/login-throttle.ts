// Brute-force protection (docs/security.md, "Sign-in throttle"):
// - per account: N consecutive failures on one account from one address lock that account there
//   for M minutes, whatever identifier was typed (username or e-mail, any case): the key is the
//   account id. An unknown name is keyed by the name typed, so it locks out the same way;
// - per address, progressive: past a free budget of failures in 15 minutes, each further failure
//   makes the address wait 2, 4, 8 … seconds (capped) before the next attempt. A school behind one
//   NAT is slowed down for seconds, never blocked for an hour;
// - per address, hard: failures on unknown usernames (guessing names, not pupils mistyping their
//   password) are limited per hour.
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../errors/app-error.ts";
import type { LimiterFactory } from "../security/rate-limiter-store.ts";

export interface LoginThrottleConfig {
  maxConsecutiveFailures: number;
  lockoutSec: number;
  /** failures on unknown usernames per address per hour */
  maxPerIpPerHour: number;
  /** failures per address in 15 minutes before the slow-down starts */
  ipFreeFailures: number;
  /** the longest wait the slow-down imposes */
  ipMaxDelaySec: number;
}

/** Who a sign-in attempt is about: the account it names (null when none), and what was typed. */
export interface LoginSubject {
  readonly accountId: string | null;
  readonly login: string;
}

const SLOW_WINDOW_SEC = 15 * 60;

export class LoginThrottle {
  private readonly byAccount: RateLimiterAbstract;
  private readonly unknownByIp: RateLimiterAbstract;
  private readonly failuresByIp: RateLimiterAbstract;
  private readonly slowIp: RateLimiterAbstract;

  constructor(
    make: LimiterFactory,
    private readonly cfg: LoginThrottleConfig,
  ) {
    // A failure streak is remembered for a day; a lockout is an explicit block of lockoutSec.
    this.byAccount = make({ keyPrefix: "login_fail_account", points: cfg.maxConsecutiveFailures, durationSec: 24 * 3600 });
    this.unknownByIp = make({ keyPrefix: "login_fail_unknown_ip", points: cfg.maxPerIpPerHour, durationSec: 3600 });
    this.failuresByIp = make({ keyPrefix: "login_fail_ip", points: 1_000_000, durationSec: SLOW_WINDOW_SEC });
    this.slowIp = make({ keyPrefix: "login_slow_ip", points: 1, durationSec: 1 });
  }

  private static key(s: LoginSubject, ip: string) {
    return s.accountId ? `acct:${s.accountId}|${ip}` : `${s.login.trim().toLowerCase()}|${ip}`;
  }

  /** Throws TOO_MANY_ATTEMPTS (429, Retry-After) when this account, or this address, must wait. */
  async assertAllowed(subject: LoginSubject, ip: string): Promise<void> {
    const [account, unknown, slow] = await Promise.all([this.byAccount.get(LoginThrottle.key(subject, ip)), this.unknownByIp.get(ip), this.slowIp.get(ip)]);
    const waits: RateLimiterRes[] = [];
    if (account && account.consumedPoints >= this.cfg.maxConsecutiveFailures) waits.push(account);
    if (unknown && unknown.consumedPoints >= this.cfg.maxPerIpPerHour) waits.push(unknown);
    if (slow && slow.consumedPoints > 1) waits.push(slow);
    if (waits.length === 0) return;
    const retryAfter = Math.max(1, Math.ceil(Math.max(...waits.map((r) => r.msBeforeNext)) / 1000));
    const when = retryAfter < 60 ? `${retryAfter} second(s)` : `${Math.ceil(retryAfter / 60)} minute(s)`;
    throw new AppError(
      "TOO_MANY_ATTEMPTS",
      `Too many failed sign-in attempts. Try again in ${when}.`,
      { retryAfterSec: retryAfter },
      { "Retry-After": String(retryAfter) },
    );
  }

  /** Records a failure; returns true when this failure started the account's lockout. */
  async recordFailure(subject: LoginSubject, ip: string): Promise<boolean> {
    const key = LoginThrottle.key(subject, ip);
    const [res, perIp] = await Promise.all([
      this.byAccount.penalty(key, 1),
      this.failuresByIp.penalty(ip, 1),
      subject.accountId ? null : this.unknownByIp.penalty(ip, 1),
    ]);
    const excess = perIp.consumedPoints - this.cfg.ipFreeFailures;
    if (excess > 0) await this.slowIp.block(ip, Math.min(this.cfg.ipMaxDelaySec, 2 ** Math.min(excess, 20)));
    if (res.consumedPoints >= this.cfg.maxConsecutiveFailures) {
      await this.byAccount.block(key, this.cfg.lockoutSec);
      return res.consumedPoints === this.cfg.maxConsecutiveFailures;
    }
    return false;
  }

  async recordSuccess(subject: LoginSubject, ip: string): Promise<void> {
    await this.byAccount.delete(LoginThrottle.key(subject, ip));
  }
}
