// A node warms its commit lanes before it listens (server/start.ts, DocStore.warmUp): a restarted
// node's first strokes otherwise waited for the lanes' connections and plans (docs/operations.md,
// « The commit path »). A warm-up only saves time: it never stops or indefinitely delays a start.
import type { Logger } from "pino";

/** A warm-up only saves time: a database slow to answer delays a start by this much at most. */
export const WARM_UP_MAX_MS = 5_000;

export async function warmUpAtMost(realtime: { warmUp(): Promise<void> }, ms: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  // a failure is logged whenever it comes, also after the node has started without waiting for it
  const warm = realtime.warmUp().then(
    () => "done" as const,
    (err: unknown) => void log.warn({ err }, "the commit lanes' warm-up failed (the node starts anyway)"),
  );
  try {
    if ((await Promise.race([warm, late])) === "late") log.warn({ ms }, "the commit lanes' warm-up is still running: the node starts without waiting for it");
  } finally {
    clearTimeout(timer);
  }
}
