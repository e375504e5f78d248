// The Redis adapter's publishing connection (server/realtime/redis-adapter.ts): the publishes of
// one tick — a group commit's broadcasts — leave in one write, every message arrives in order, and
// publishing still works after the connection dropped and came back.
import type net from "node:net";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onePublishWritePerTick } from "../../../server/realtime/redis-adapter.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const channel = `korrigo-test:publish-writes:${process.pid}:${Date.now()}`;
let pub: Redis;
let sub: Redis;

beforeAll(async () => {
  pub = onePublishWritePerTick(new Redis(REDIS_URL));
  sub = new Redis(REDIS_URL);
  await sub.subscribe(channel);
  await pub.ping();
});

afterAll(async () => {
  pub.disconnect();
  sub.disconnect();
});

/** Counts the writes (system calls) made on the publishing connection's socket from now on. */
function countWrites(client: Redis): () => number {
  const raw = (client as unknown as { stream: net.Socket }).stream as unknown as {
    _writev: (...a: unknown[]) => unknown;
    _write: (...a: unknown[]) => unknown;
  };
  let writes = 0;
  const writev = raw._writev.bind(raw);
  const write = raw._write.bind(raw);
  raw._writev = (...a) => (writes++, writev(...a));
  raw._write = (...a) => (writes++, write(...a));
  return () => writes;
}

function received(n: number): Promise<string[]> {
  const got: string[] = [];
  return new Promise((ok) => {
    const on = (_c: string, m: string) => {
      got.push(m);
      if (got.length === n) {
        sub.off("message", on);
        ok(got);
      }
    };
    sub.on("message", on);
  });
}

describe("publishes of one tick", () => {
  it("leave in one write and arrive in order", async () => {
    const writes = countWrites(pub);
    const got = received(50);
    const sent = Array.from({ length: 50 }, (_, i) => `m${i}:${"x".repeat(i * 30)}`);
    const acks = sent.map((m) => pub.publish(channel, m));
    expect(await Promise.all(acks)).toEqual(sent.map(() => 1));
    expect(await got).toEqual(sent);
    expect(writes()).toBe(1);
  });

  it("publishes of later ticks go on their own and still arrive", async () => {
    const writes = countWrites(pub);
    const got = received(3);
    await pub.publish(channel, "a");
    await pub.publish(channel, "b");
    await pub.publish(channel, "c");
    expect(await got).toEqual(["a", "b", "c"]);
    expect(writes()).toBe(3);
  });

  it("keeps publishing after the connection dropped", async () => {
    const back = new Promise<void>((ok) => pub.once("ready", () => ok()));
    (pub as unknown as { stream: net.Socket }).stream.destroy(); // the connection dies; ioredis reconnects
    await back;
    const got = received(20);
    const sent = Array.from({ length: 20 }, (_, i) => `after-${i}`);
    await Promise.all(sent.map((m) => pub.publish(channel, m)));
    expect(await got).toEqual(sent);
  });
});
