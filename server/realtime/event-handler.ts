// Every acknowledged event goes through here: session still live, rate budget, the payload parsed
// with the contract's schema (collab/contract/socket/), the use case, then {ok:true, ...result} or
// the error ack. The handler's result must have the contract's ack type (type check); with
// KORRIGO_CONTRACT_CHECK=1 (the test suite) it is also checked at run time, like the HTTP answers
// (server/http/contract-route.ts): an ack outside its schema is logged and answered INTERNAL.
import type { RateLimiterMemory } from "rate-limiter-flexible";
import { type Ack, type AckedEventName, type AckFieldsIn, clientEvents, type PayloadOut } from "../../collab/contract/socket/index.ts";
import { AppError } from "../errors/app-error.ts";
import { parse } from "../errors/validate.ts";
import { type ErrorAck, toErrorAck } from "./ack.ts";
import type { Connection } from "./connection.ts";
import { spend } from "./event-limits.ts";
import type { RealtimeDeps } from "./realtime-deps.ts";

/** an ack as the server sends it */
export type AckOut<E extends AckedEventName> = Ack<AckFieldsIn<E>> | ErrorAck;

const checking = () => process.env.KORRIGO_CONTRACT_CHECK === "1";

export function onAckEvent<E extends AckedEventName>(
  conn: Connection,
  deps: RealtimeDeps,
  event: E,
  limiter: RateLimiterMemory,
  handle: (input: PayloadOut<E>) => Promise<AckFieldsIn<E>>,
  /** sees every ack with the time since the event arrived (metrics) */
  observe?: (ack: AckOut<E>, seconds: number) => void,
): void {
  const spec = clientEvents[event];
  // the payload arrives as anything a client sends: parsed below, never trusted as typed
  const socket = conn.socket as unknown as { on(event: string, fn: (payload: unknown, ack: unknown) => void): void };
  socket.on(event, async (payload, ack) => {
    const reply = typeof ack === "function" ? (ack as (r: unknown) => void) : () => {};
    if (deps.inFlight.closing) return reply(toErrorAck(new AppError("UNAVAILABLE", "This server is restarting: send it again"), deps.ctx.log));
    deps.inFlight.enter();
    const t0 = performance.now();
    let out: AckOut<E>;
    let revoked = false;
    try {
      deps.sessions.assertLive(conn);
      await spend(limiter, conn.socket.id);
      const input = parse(spec.payload, payload) as PayloadOut<E>;
      const fields = await handle(input);
      out = { ok: true, ...fields };
      const mismatch = checking() ? ackMismatch(event, fields) : null;
      if (mismatch) {
        deps.ctx.log.error({ event }, mismatch);
        out = { ok: false, code: "INTERNAL", message: mismatch };
      }
    } catch (e) {
      out = toErrorAck(e, deps.ctx.log);
      revoked = e instanceof AppError && e.code === "SESSION_EXPIRED" && conn.socket.connected; // refused by the database before this node heard of it
    }
    try {
      reply(out);
    } finally {
      deps.inFlight.leave(); // answered: a shutdown waiting for it may go on
    }
    if (revoked) deps.sessions.revokeHere(conn); // after the answer: the client learns why
    observe?.(out, (performance.now() - t0) / 1000);
  });
}

/** Why an ok ack's fields break the event's ack schema, or null when they hold. */
export function ackMismatch(event: AckedEventName, fields: unknown): string | null {
  const r = clientEvents[event].ack.safeParse(fields);
  if (r.success) return null;
  const issues = r.error.issues.map((i) => `${i.path.join(".") || "(ack)"}: ${i.message}`).join("; ");
  return `${event} answered outside its ack schema: ${issues}`;
}
