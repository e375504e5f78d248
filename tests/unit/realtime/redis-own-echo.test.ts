// A node hears its own broadcasts back from Redis (server/realtime/redis-adapter.ts,
// ignoreOwnEchoes): it drops them before decoding them, while the other node still gets every one.
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import http from "node:http";
import type net from "node:net";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ignoreOwnEchoes } from "../../../server/realtime/redis-adapter.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
/** the adapter's own msgpack (a dependency of @socket.io/redis-adapter) */
const msgpack = createRequire(createRequire(import.meta.url).resolve("@socket.io/redis-adapter"))("notepack.io") as {
  encode(v: unknown): Buffer;
  decode(b: Buffer): unknown;
};

interface Node {
  io: Server;
  decoded: () => number;
  /** what a client connected to this node received */
  heard: unknown[];
  redis: Redis[];
  client: ClientSocket;
}

const key = `korrigo-test:own-echo:${process.pid}:${Date.now()}`;
let a: Node;
let b: Node;

async function node(): Promise<Node> {
  const pub = new Redis(REDIS_URL);
  const sub = new Redis(REDIS_URL);
  let decoded = 0;
  const parser = { encode: msgpack.encode, decode: (m: Buffer) => (decoded++, msgpack.decode(m)) };
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  io.adapter(createAdapter(pub, sub, { key, parser }));
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const client = connect(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, { transports: ["websocket"], forceNew: true });
  const heard: unknown[] = [];
  client.on("copy:update", (m: unknown) => heard.push(m));
  await new Promise((ok) => client.once("connect", () => ok(null)));
  await new Promise((r) => setTimeout(r, 200)); // subscribed
  return { io, decoded: () => decoded, heard, redis: [pub, sub], client };
}

beforeAll(async () => {
  ignoreOwnEchoes();
  a = await node();
  b = await node();
});

afterAll(async () => {
  for (const n of [a, b]) {
    n.client.close();
    await n.io.close();
    for (const r of n.redis) r.disconnect();
  }
});

describe("a node's own broadcasts heard back from Redis", () => {
  it("are dropped unread, and the other node gets every one, in order", async () => {
    const before = { a: a.decoded(), b: b.decoded() };
    const sent = Array.from({ length: 20 }, (_, i) => `stroke ${i} ${"x".repeat(2000)}`);
    for (const s of sent) a.io.emit("copy:update", s);
    const heardBefore = b.heard.length;
    for (let waited = 0; b.heard.length - heardBefore < sent.length && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100)); // a's own echoes have come back by now
    expect(b.decoded() - before.b).toBe(sent.length);
    expect(b.heard.slice(heardBefore)).toEqual(sent);
    expect(a.decoded() - before.a).toBe(0); // 20 before: each echo decoded, then dropped
  });
});
