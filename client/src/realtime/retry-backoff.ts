// How long a client waits before sending refused-for-now edits again: exponential backoff with
// jitter, so that after an outage the desks of a school do not all retry in the same instant.

export interface BackoffOptions {
  /** the first retry's ceiling */
  readonly baseMs: number;
  /** no wait grows past this */
  readonly maxMs: number;
}

/**
 * The wait before retry number `attempt` (0 for the first): a ceiling doubling from `baseMs` up to
 * `maxMs`, the wait drawn in its upper half ("equal jitter": never a hammering zero, spread over
 * half the ceiling); never shorter than what the server asked for (`serverMs`, e.g. Retry-After).
 */
export function retryDelayMs(attempt: number, opts: BackoffOptions, serverMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  const jittered = ceiling / 2 + random() * (ceiling / 2);
  return Math.max(Math.round(jittered), Number.isFinite(serverMs) ? serverMs : 0);
}
