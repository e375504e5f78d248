// The one channel of live events: PostgreSQL NOTIFY `korrigo_events`, published inside the
// transaction of the change it reports (delivered on commit, never for a rolled-back change).
// Every server node LISTENs on it (server/realtime/events-listener.ts) and forwards each event to
// its own sockets. Payloads are JSON with a `type`; NOTIFY caps them at 8000 bytes.
import type { Db } from "./client.ts";

export const EVENTS_CHANNEL = "korrigo_events";

/** NOTIFY one event in the caller's transaction. */
export async function publishEvent(tx: Pick<Db, "$executeRaw">, event: { type: string }): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(event)})`;
}
