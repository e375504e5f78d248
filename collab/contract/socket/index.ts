// The real-time protocol (Socket.IO, namespace /grading; docs/protocol.md) as one contract for the
// server and the browser: every event of both directions with the zod schema of its payload and,
// for acknowledged client events, of its ack. The Socket.IO typings below make every `emit`, `on`
// and ack of both sides follow it; the server checks each ack against its schema in the test
// suite (KORRIGO_CONTRACT_CHECK=1, server/realtime/event-handler.ts), and
// tests/unit/contract/protocol-doc.test.ts keeps docs/protocol.md naming exactly these events.
import { z } from "zod";
import { clientEvents } from "./client-events.ts";
import { serverEvents } from "./server-events.ts";

export * from "./client-events.ts";
export * from "./server-events.ts";
export * from "./shapes.ts";

/** Every event, by direction (some names exist in both: `copy:update`, `copy:lock`, `copy:awareness`, `rubric:usage`). */
export const events = { clientToServer: clientEvents, serverToClient: serverEvents } as const;

/** A refusal: a stable code (collab/contract/errors.ts and the grading codes of docs/protocol.md), a message, and details by code. */
export const ErrorAck = z.looseObject({ ok: z.literal(false), code: z.string(), message: z.string() });
export type ErrorAck = { ok: false; code: string; message: string } & Record<string, unknown>;

/** The answer of an acknowledged event: `{ ok: true, ...fields }` or the error ack. */
export type Ack<T> = ({ ok: true } & T) | ErrorAck;

export type ClientEventName = keyof typeof clientEvents;
/** the client events that take an ack (all but copy:awareness) */
export type AckedEventName = { [K in ClientEventName]: (typeof clientEvents)[K] extends { ack: z.ZodType } ? K : never }[ClientEventName];
export type ServerEventName = keyof typeof serverEvents;

/** what a client sends with the event */
export type PayloadIn<E extends ClientEventName> = z.input<(typeof clientEvents)[E]["payload"]>;
/** the payload once the server parsed it */
export type PayloadOut<E extends ClientEventName> = z.output<(typeof clientEvents)[E]["payload"]>;
/** the ok ack's fields, as the server's handler returns them */
export type AckFieldsIn<E extends AckedEventName> = z.input<(typeof clientEvents)[E]["ack"]>;
/** the ok ack's fields, as the client reads them */
export type AckFields<E extends AckedEventName> = z.output<(typeof clientEvents)[E]["ack"]>;
/** the whole ack of an event, as the client reads it */
export type AckOf<E extends AckedEventName> = Ack<AckFields<E>>;
export type OkAckOf<E extends AckedEventName> = Extract<AckOf<E>, { ok: true }>;
/** a server → client event's payload */
export type ServerPayload<E extends ServerEventName> = z.output<(typeof serverEvents)[E]["payload"]>;

/** Socket.IO's listen map of the server, emit map of the client. */
export type ClientToServerEvents = {
  [E in ClientEventName]: E extends AckedEventName ? (payload: PayloadIn<E>, ack: (ack: AckOf<E>) => void) => void : (payload: PayloadIn<E>) => void;
};

/** Socket.IO's emit map of the server, listen map of the client. */
export type ServerToClientEvents = {
  [E in ServerEventName]: (payload: ServerPayload<E>) => void;
};
