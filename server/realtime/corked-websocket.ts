// One write per socket per tick, and one buffer per room broadcast. engine.io flushes a socket's
// queue on every packet and its websocket transport hands ws one packet at a time, each frame written
// on its own (header and payload in one writev): a binary event — a placeholder packet and its
// attachment, two frames — cost each recipient two syscalls, and an ack with a broadcast in the same
// tick three. Here a socket's flush waits for the end of the current tick (one process.nextTick for
// every socket that asked: the packets queued by the same event handler and its promise
// continuations go together) and the transport corks the TCP socket around a flush of several
// packets (ws corks inside, and corks nest), so each socket gets one writev per tick. On this
// machine's loopback the writes were the largest item of a node fanning strokes out to 2,000
// watchers (40 % of its CPU; docs/operations.md, "The commit path").
//
// A room broadcast's WebSocket frame is encoded once for every recipient (socket.io-adapter's
// wsPreEncodedFrame) as two buffers, its header and its payload, which ws writes corked: per
// recipient, two queued chunks, an array of them and a writev. The frame is joined into one buffer
// once per broadcast here, and a flush of that one packet is not corked: each recipient gets one
// plain write of a buffer it shares with the room (docs/operations.md, « One buffer per broadcast »).
import { createRequire } from "node:module";

interface Corkable {
  cork(): void;
  uncork(): void;
}

const requireFromSocketIo = createRequire(createRequire(import.meta.url).resolve("socket.io"));
/** engine.io and socket.io-adapter as socket.io loads them (the copies it runs, whatever the install hoisted). */
const engine = requireFromSocketIo("engine.io") as {
  Socket: { prototype: unknown };
  transports: { websocket: { prototype: unknown } };
};
const adapter = requireFromSocketIo("socket.io-adapter") as { Adapter: { prototype: unknown } };

type Flush = (this: EngineSocket) => void;
interface EngineSocket {
  [FLUSH_PENDING]?: boolean;
}
type Send = (this: { socket?: { _socket?: Partial<Corkable> } }, packets: unknown[]) => void;
type Encode = (this: unknown, packet: unknown, packetOpts: { wsPreEncodedFrame?: Buffer[] }) => unknown;

const FLUSH_PENDING = Symbol("korrigo.flushPending");
let installed = false;

/** Patches engine.io and socket.io-adapter once per process (every Socket.IO server in it). */
export function corkWebSocketFlushes(): void {
  if (installed) return;
  installed = true;

  const socketProto = engine.Socket.prototype as { flush: Flush };
  const flushNow = socketProto.flush;
  // the sockets to flush at the end of this tick, in the order they asked: one nextTick for them
  // all (a closure and a tick object per socket were 5 % of what a node allocates fanning strokes out)
  let pending: EngineSocket[] = [];
  const flushPending = (): void => {
    const sockets = pending;
    pending = []; // a flush that queues more (its drain listeners) asks again, for the next tick
    for (let i = 0; i < sockets.length; i++) {
      sockets[i]![FLUSH_PENDING] = false;
      try {
        flushNow.call(sockets[i]!);
      } catch (e) {
        // it fails as it did alone; the sockets after it still get theirs, next tick
        for (const s of sockets.slice(i + 1)) {
          s[FLUSH_PENDING] = false;
          deferFlush(s);
        }
        throw e;
      }
    }
  };
  const deferFlush = (socket: EngineSocket): void => {
    if (socket[FLUSH_PENDING]) return;
    socket[FLUSH_PENDING] = true;
    if (pending.push(socket) === 1) process.nextTick(flushPending);
  };
  socketProto.flush = function deferredFlush() {
    deferFlush(this);
  };

  const transportProto = engine.transports.websocket.prototype as { send: Send };
  const send = transportProto.send;
  transportProto.send = function corkedSend(packets) {
    const raw = this.socket?._socket;
    // one packet: one frame, which ws writes as one buffer (a broadcast, below) or corks itself (header and payload)
    if (!raw?.cork || !raw.uncork || packets.length < 2) return send.call(this, packets);
    raw.cork();
    try {
      send.call(this, packets);
    } finally {
      raw.uncork();
    }
  };

  const adapterProto = adapter.Adapter.prototype as { _encode: Encode };
  const encode = adapterProto._encode;
  adapterProto._encode = function encodeOneBuffer(packet, packetOpts) {
    const encoded = encode.call(this, packet, packetOpts);
    const frame = packetOpts.wsPreEncodedFrame;
    if (Array.isArray(frame) && frame.length > 1) packetOpts.wsPreEncodedFrame = [Buffer.concat(frame)];
    return encoded;
  };
}
