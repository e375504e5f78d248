// Several nodes: broadcasts go through Redis pub/sub (@socket.io/redis-adapter over ioredis).
// The channel prefix is the database name: nodes of one deployment share it, while separate
// deployments (or test databases) on one Redis never hear each other.
// Pub/sub is at-most-once: a broadcast lost in a Redis outage is recovered by the client, which
// re-joins by state vector when an update it received stays incomplete (docs/protocol.md).
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { GradingServer } from "./grading-io.ts";

/** The adapter fires publish/subscribe without handling their promises: handle them here. */
function handleRejections(client: Redis, methods: readonly ("publish" | "psubscribe" | "subscribe")[], log: Logger): Redis {
  for (const name of methods) {
    const original = client[name].bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      const p = original(...args);
      p.catch((e: unknown) => log.warn({ err: e, command: name }, "redis adapter command failed"));
      return p;
    };
  }
  return client;
}

/**
 * One write per tick on the publishing connection. ioredis writes each command to its socket on
 * its own (a system call each, and Redis reads each on its own); the broadcasts of one group
 * commit — its acks resolve together, and each handler broadcasts its update — are published in
 * the same tick. Corked from the first publish of a tick to the end of it (process.nextTick, as
 * corked-websocket.ts does for the sockets), they leave in one write. ioredis's own
 * enableAutoPipelining waits for setImmediate, a whole turn of the event loop later.
 */
export function onePublishWritePerTick(client: Redis): Redis {
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<unknown>;
  let corkedThisTick = false;
  (client as unknown as { publish: (...args: unknown[]) => Promise<unknown> }).publish = (...args: unknown[]) => {
    const stream = (client as unknown as { stream?: { writable?: boolean; cork?(): void; uncork(): void } }).stream;
    if (!corkedThisTick && client.status === "ready" && stream?.writable && stream.cork) {
      stream.cork();
      corkedThisTick = true;
      process.nextTick(() => {
        corkedThisTick = false;
        stream.uncork(); // the stream it corked, even if the client reconnected meanwhile
      });
    }
    return publish(...args);
  };
  return client;
}

export function useRedisAdapter(io: GradingServer, redis: Redis, databaseUrl: string, log: Logger): { close(): Promise<void> } {
  const pub = handleRejections(onePublishWritePerTick(redis.duplicate()), ["publish"], log);
  // subscriptions wait for Redis however long it takes (a failed one would leave the node deaf)
  const sub = handleRejections(redis.duplicate({ maxRetriesPerRequest: null }), ["psubscribe", "subscribe"], log);
  for (const c of [pub, sub]) c.on("error", (e: Error) => log.warn({ err: e.message }, "redis adapter connection error"));
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "korrigo";
  io.adapter(createAdapter(pub, sub, { key: `korrigo:${database}`, requestsTimeout: 2_000 }));
  return {
    async close() {
      // quit() would wait for a Redis that is down: only ask a connected client to quit
      await Promise.allSettled([pub, sub].map((c) => (c.status === "ready" ? c.quit() : Promise.resolve("OK"))));
      pub.disconnect();
      sub.disconnect();
    },
  };
}
