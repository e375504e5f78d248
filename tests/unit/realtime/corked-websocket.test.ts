// A Socket.IO server with the corked websocket transport (server/realtime/corked-websocket.ts):
// what a socket is sent in one tick leaves in one write, a binary event (two frames) included, and
// every byte arrives in order.
import http from "node:http";
import type net from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket as ClientSocket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { corkWebSocketFlushes } from "../../../server/realtime/corked-websocket.ts";

let server: http.Server;
let io: Server;
let url: string;

beforeAll(async () => {
  corkWebSocketFlushes();
  server = http.createServer();
  io = new Server(server, { serveClient: false });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await io.close();
});

/** The server's side of one client connected over WebSocket, with its TCP writes counted. */
async function connected(): Promise<{ client: ClientSocket; emitTo: (fn: (s: import("socket.io").Socket) => void) => void; writes: () => number }> {
  const serverSide = new Promise<import("socket.io").Socket>((ok) => io.once("connection", ok));
  const client = connect(url, { transports: ["websocket"], forceNew: true });
  const socket = await serverSide;
  const raw = (socket.conn.transport as unknown as { socket: { _socket: net.Socket } }).socket._socket;
  let writes = 0;
  const w = raw as unknown as { _writev: (...a: unknown[]) => unknown; _write: (...a: unknown[]) => unknown };
  const writev = w._writev.bind(raw);
  const write = w._write.bind(raw);
  w._writev = (...a) => (writes++, writev(...a));
  w._write = (...a) => (writes++, write(...a));
  await new Promise((r) => setTimeout(r, 50)); // the handshake's own writes are done
  writes = 0;
  return { client, emitTo: (fn) => fn(socket), writes: () => writes };
}

describe("corked WebSocket flushes", () => {
  it("sends a binary event (placeholder and attachment frames) in one write, bytes intact", async () => {
    const { client, emitTo, writes } = await connected();
    const payload = Buffer.from(Array.from({ length: 1600 }, (_, i) => i % 251));
    const got = new Promise<{ id: string; data: Buffer }>((ok) => client.once("u", (m: { id: string; data: Buffer }) => ok(m)));
    emitTo((s) => s.emit("u", { id: "a", data: payload }));
    const m = await got;
    expect(m.id).toBe("a");
    expect(Buffer.from(m.data).equals(payload)).toBe(true);
    expect(writes()).toBe(1);
    client.close();
  });

  it("sends the events of one tick together, in order", async () => {
    const { client, emitTo, writes } = await connected();
    const seen: number[] = [];
    const all = new Promise<void>((ok) =>
      client.on("u", (m: { n: number; data: Buffer }) => {
        expect(Buffer.from(m.data).readUInt32LE(0)).toBe(m.n);
        seen.push(m.n);
        if (seen.length === 6) ok();
      }),
    );
    emitTo((s) => {
      for (let n = 0; n < 6; n++) {
        const data = Buffer.alloc(200);
        data.writeUInt32LE(n, 0);
        s.emit("u", { n, data });
      }
    });
    await all;
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    // six events of one tick, twelve frames: one write (twelve before)
    expect(writes()).toBe(1);
    client.close();
  });
});
