// One LISTEN connection per server node on `korrigo_events`, the channel the transactions of copy
// state changes (server/render/copy-events.ts) and batch progress (server/intake/batch-progress.ts)
// NOTIFY on. Subscribers get each event parsed; a lost connection is reopened after a second
// (events NOTIFYed meanwhile are missed: pages resync on their own reconnection).
import pg from "pg";
import type { AppContext } from "../context.ts";
import { EVENTS_CHANNEL } from "../db/events.ts";

/** An event as published: `type` says which (copy:state, batch:progress); the rest is untrusted. */
export type NotifiedEvent = { type: string } & Record<string, unknown>;

export interface EventsListener {
  /** Calls `handler` for every event; returns the unsubscribe function. */
  subscribe(handler: (event: NotifiedEvent) => void): () => void;
  close(): Promise<void>;
}

export function listenToEvents(ctx: Pick<AppContext, "databaseUrl" | "log">): EventsListener {
  const handlers = new Set<(event: NotifiedEvent) => void>();
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const onNotification = (msg: pg.Notification) => {
    if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
    let event: unknown;
    try {
      event = JSON.parse(msg.payload);
    } catch {
      return;
    }
    if (typeof event !== "object" || event === null || typeof (event as { type?: unknown }).type !== "string") return;
    for (const h of handlers) {
      try {
        h(event as NotifiedEvent);
      } catch (e) {
        ctx.log.warn({ err: e }, "korrigo_events subscriber failed");
      }
    }
  };

  const reconnectSoon = () => {
    if (!closed) retry ??= setTimeout(() => ((retry = null), void connect()), 1_000);
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: ctx.databaseUrl });
    c.on("notification", onNotification);
    c.on("error", (e) => {
      ctx.log.warn({ err: e }, "korrigo_events listener lost; reconnecting");
      if (client === c) client = null;
      c.end().catch(() => {});
      reconnectSoon();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (closed) return void (await c.end());
      client = c;
    } catch (e) {
      ctx.log.warn({ err: e }, "cannot LISTEN on korrigo_events; retrying");
      c.end().catch(() => {});
      reconnectSoon();
    }
  };
  void connect();

  return {
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      handlers.clear();
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
