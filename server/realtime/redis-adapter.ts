// Several nodes: broadcasts go through Redis pub/sub (@socket.io/redis-adapter over ioredis).
// The channel prefix is the database name: nodes of one deployment share it, while separate
// deployments (or test databases) on one Redis never hear each other.
// Pub/sub is at-most-once: a broadcast lost in a Redis outage is recovered by the client, which
// re-joins by state vector when an update it received stays incomplete (docs/protocol.md).
import { createAdapter, RedisAdapter } from "@socket.io/redis-adapter";
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

/**
 * A node hears its own broadcasts back from Redis (it subscribes to the channel it publishes on)
 * and the adapter decoded each whole — the update's text included — before it saw its own id and
 * dropped it. The adapter's messages are msgpack arrays whose first element is the sender's id
 * (fixarray 3, fixstr): a message that starts with this node's own is dropped unread. Any other
 * message, in whatever encoding, goes the adapter's way.
 */
export function ignoreOwnEchoes(): void {
  const proto = RedisAdapter.prototype as unknown as { onmessage: OnMessage; [OWN_ECHOES_IGNORED]?: true };
  if (proto[OWN_ECHOES_IGNORED]) return;
  proto[OWN_ECHOES_IGNORED] = true;
  const onmessage = proto.onmessage;
  proto.onmessage = function onForeignMessage(pattern, channel, msg) {
    if (Buffer.isBuffer(msg) && sentBy(msg, this.uid)) return;
    return onmessage.call(this, pattern, channel, msg);
  };
}

type OnMessage = (this: { uid: string }, pattern: unknown, channel: unknown, msg: unknown) => unknown;
const OWN_ECHOES_IGNORED = Symbol("korrigo.ownEchoesIgnored");

/** msg is `[uid, …]` in msgpack with this uid (an ASCII id of at most 31 characters) first. */
function sentBy(msg: Buffer, uid: string): boolean {
  if (uid.length > 31 || msg.length < uid.length + 2 || msg[0] !== 0x93 || msg[1] !== (0xa0 | uid.length)) return false;
  for (let i = 0; i < uid.length; i++) if (msg[i + 2] !== uid.charCodeAt(i)) return false;
  return true;
}

export function useRedisAdapter(io: GradingServer, redis: Redis, databaseUrl: string, log: Logger): { close(): Promise<void> } {
  const pub = handleRejections(onePublishWritePerTick(redis.duplicate()), ["publish"], log);
  // subscriptions wait for Redis however long it takes (a failed one would leave the node deaf)
  const sub = handleRejections(redis.duplicate({ maxRetriesPerRequest: null }), ["psubscribe", "subscribe"], log);
  for (const c of [pub, sub]) c.on("error", (e: Error) => log.warn({ err: e.message }, "redis adapter connection error"));
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "korrigo";
  ignoreOwnEchoes();
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
