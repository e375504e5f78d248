// Per-socket event budgets (in memory: a socket lives on one node). Generous for a human
// grading — a client batches pen strokes — and tight enough that one socket cannot flood.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { isRateLimited } from "../security/rate-limiter-store.ts";
import { AppError } from "../errors/app-error.ts";

export interface EventLimits {
  /** copy:update: 20/s sustained, bursts of 100 */
  readonly update: RateLimiterMemory;
  /** joins, leaves, locks, watches */
  readonly control: RateLimiterMemory;
  /** copy:awareness: over budget, dropped silently (it is volatile anyway) */
  readonly awareness: RateLimiterMemory;
}

export function createEventLimits(): EventLimits {
  return {
    update: new RateLimiterMemory({ keyPrefix: "rt-update", points: 100, duration: 5 }),
    control: new RateLimiterMemory({ keyPrefix: "rt-control", points: 60, duration: 10 }),
    awareness: new RateLimiterMemory({ keyPrefix: "rt-awareness", points: 100, duration: 5 }),
  };
}

/** Throws RATE_LIMITED (with retryAfterMs) when the socket's budget is spent. */
export async function spend(limiter: RateLimiterMemory, socketId: string): Promise<void> {
  try {
    await limiter.consume(socketId);
  } catch (e) {
    if (!isRateLimited(e)) throw e;
    throw new AppError("RATE_LIMITED", "Too many events; slow down", { retryAfterMs: e.msBeforeNext });
  }
}
