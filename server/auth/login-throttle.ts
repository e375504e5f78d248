// Brute-force protection: N consecutive failures for username+IP lock that pair for M minutes
// (the N+1th attempt is refused even with the right password); a wider per-IP budget of failures.
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../http/app-error.ts";
import type { LimiterFactory } from "../security/rate-limiter-store.ts";

export interface LoginThrottleConfig {
  maxConsecutiveFailures: number;
  lockoutSec: number;
  maxPerIpPerHour: number;
}

export class LoginThrottle {
  private readonly byUserIp: RateLimiterAbstract;
  private readonly byIp: RateLimiterAbstract;

  constructor(make: LimiterFactory, private readonly cfg: LoginThrottleConfig) {
    // A failure streak is remembered for a day; a lockout is an explicit block of lockoutSec.
    this.byUserIp = make({ keyPrefix: "login_fail_user_ip", points: cfg.maxConsecutiveFailures, durationSec: 24 * 3600 });
    this.byIp = make({ keyPrefix: "login_fail_ip", points: cfg.maxPerIpPerHour, durationSec: 3600 });
  }

  private static key(username: string, ip: string) {
    return `${username.trim().toLowerCase()}|${ip}`;
  }

  /** Throws TOO_MANY_ATTEMPTS (429, Retry-After) when this pair or this IP is locked out. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [pair, wide] = await Promise.all([this.byUserIp.get(LoginThrottle.key(username, ip)), this.byIp.get(ip)]);
    const locked = [pair && pair.consumedPoints >= this.cfg.maxConsecutiveFailures ? pair : null, wide && wide.consumedPoints >= this.cfg.maxPerIpPerHour ? wide : null].filter((r) => r !== null);
    if (locked.length === 0) return;
    const retryAfter = Math.max(1, Math.ceil(Math.max(...locked.map((r) => r.msBeforeNext)) / 1000));
    throw new AppError("TOO_MANY_ATTEMPTS", `Too many failed sign-in attempts. Try again in ${Math.ceil(retryAfter / 60)} minute(s).`, { retryAfterSec: retryAfter }, { "Retry-After": String(retryAfter) });
  }

  /** Records a failure; returns true when this failure started a lockout. */
  async recordFailure(username: string, ip: string): Promise<boolean> {
    const key = LoginThrottle.key(username, ip);
    const [res] = await Promise.all([
      this.byUserIp.penalty(key, 1),
      this.byIp.penalty(ip, 1),
    ]);
    if (res.consumedPoints >= this.cfg.maxConsecutiveFailures) {
      await this.byUserIp.block(key, this.cfg.lockoutSec);
      return res.consumedPoints === this.cfg.maxConsecutiveFailures;
    }
    return false;
  }

  async recordSuccess(username: string, ip: string): Promise<void> {
    await this.byUserIp.delete(LoginThrottle.key(username, ip));
  }
}
