// Every acknowledged event goes through here: session still live, rate budget, zod parse,
// the use case, then {ok:true, ...result} or the error ack. Handlers stay a few lines each.
import type { RateLimiterMemory } from "rate-limiter-flexible";
import type { z } from "zod";
import { parse } from "../errors/validate.ts";
import { toErrorAck, type ErrorAck } from "./ack.ts";
import type { Connection } from "./connection.ts";
import { spend } from "./event-limits.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";

export type Ack = ({ ok: true } & Record<string, unknown>) | ErrorAck;

export function onAckEvent<S extends z.ZodType>(
  conn: Connection,
  deps: RealtimeDeps,
  event: string,
  schema: S,
  limiter: RateLimiterMemory,
  handle: (input: z.output<S>) => Promise<Record<string, unknown>>,
  /** sees every ack with the time since the event arrived (metrics) */
  observe?: (ack: Ack, seconds: number) => void,
): void {
  conn.socket.on(event, async (payload: unknown, ack: unknown) => {
    const reply = typeof ack === "function" ? (ack as (r: unknown) => void) : () => {};
    const t0 = performance.now();
    let out: Ack;
    try {
      deps.sessions.assertLive(conn);
      await spend(limiter, conn.socket.id);
      const input = parse(schema, payload);
      out = { ok: true, ...(await handle(input)) };
    } catch (e) {
      out = toErrorAck(e, deps.ctx.log);
    }
    reply(out);
    observe?.(out, (performance.now() - t0) / 1000);
  });
}
