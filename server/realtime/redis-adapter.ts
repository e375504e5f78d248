// Several nodes: broadcasts go through Redis pub/sub (@socket.io/redis-adapter over ioredis).
// The channel prefix is the database name: nodes of one deployment share it, while separate
// deployments (or test databases) on one Redis never hear each other.
import { createAdapter } from "@socket.io/redis-adapter";
import type { Redis } from "ioredis";
import type { Server } from "socket.io";

export function useRedisAdapter(io: Server, redis: Redis, databaseUrl: string): { close(): Promise<void> } {
  const pub = redis.duplicate();
  const sub = redis.duplicate();
  const database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || "korrigo";
  io.adapter(createAdapter(pub, sub, { key: `korrigo:${database}`, requestsTimeout: 2_000 }));
  return {
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
