// A Socket.IO server with the corked websocket transport (server/realtime/corked-websocket.ts):
// what a socket is sent in one tick leaves in one write, a binary event (two frames) included, and
// every byte arrives in order; a room broadcast reaches each member as one plain write of one buffer.
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
async function connected(): Promise<{
  client: ClientSocket;
  emitTo: (fn: (s: import("socket.io").Socket) => void) => void;
  writes: () => number;
  /** the buffers of the plain (not vectored) writes, and how many vectored writes */
  plain: Buffer[];
  vectored: () => number;
}> {
  const serverSide = new Promise<import("socket.io").Socket>((ok) => io.once("connection", ok));
  const client = connect(url, { transports: ["websocket"], forceNew: true });
  const socket = await serverSide;
  const raw = (socket.conn.transport as unknown as { socket: { _socket: net.Socket } }).socket._socket;
  let writes = 0;
  let vectored = 0;
  const plain: Buffer[] = [];
  const w = raw as unknown as { _writev: (...a: unknown[]) => unknown; _write: (...a: unknown[]) => unknown };
  const writev = w._writev.bind(raw);
  const write = w._write.bind(raw);
  w._writev = (...a) => (writes++, vectored++, writev(...a));
  w._write = (...a) => (writes++, plain.push(a[0] as Buffer), write(...a));
  await new Promise((r) => setTimeout(r, 50)); // the handshake's own writes are done
  writes = 0;
  plain.length = 0;
  return { client, emitTo: (fn) => fn(socket), writes: () => writes, plain, vectored: () => vectored };
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

  it("writes a room broadcast to each member as one buffer, shared by the room", async () => {
    const members = [await connected(), await connected(), await connected()];
    members.forEach((m) => m.emitTo((s) => s.join("room")));
    const text = "x".repeat(2000); // a stroke's size once in base64
    const got = members.map((m) => new Promise<string>((ok) => m.client.once("b", (t: string) => ok(t))));
    io.to("room").emit("b", text);
    expect(await Promise.all(got)).toEqual([text, text, text]);
    for (const m of members) {
      expect(m.vectored()).toBe(0);
      expect(m.plain).toHaveLength(1);
    }
    // the frame was joined once for the whole room, not once per member
    expect(members[1]!.plain[0]).toBe(members[0]!.plain[0]);
    expect(members[2]!.plain[0]).toBe(members[0]!.plain[0]);
    for (const m of members) m.client.close();
  });
});
