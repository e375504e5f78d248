// Spends one point of a rate limiter or answers 429 RATE_LIMITED with Retry-After.
import { AppError } from "../errors/app-error.ts";
import { isRateLimited } from "../security/rate-limiter-store.ts";

interface Limiter {
  consume(key: string): Promise<unknown>;
}

export async function consumeOrThrow(limiter: Limiter, key: string, what: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (!isRateLimited(e)) throw e;
    const retry = Math.ceil(e.msBeforeNext / 1000);
    const wait = retry >= 120 ? `${Math.ceil(retry / 60)} min` : `${retry} s`;
    throw new AppError("RATE_LIMITED", `Too many ${what}: try again in ${wait}`, { retryAfterSec: retry }, { "Retry-After": String(retry) });
  }
}
