// One write per socket per tick. engine.io flushes a socket's queue on every packet and its
// websocket transport hands ws one packet at a time, each frame written on its own (header and
// payload in one writev): a binary event — a placeholder packet and its attachment, two frames —
// cost each recipient two syscalls, and an ack with a broadcast in the same tick three. Here a
// socket's flush waits for the end of the current tick (process.nextTick: the packets queued by the
// same event handler and its promise continuations go together) and the transport corks the TCP
// socket around a flush (ws corks inside, and corks nest), so each socket gets one writev per tick.
// On this machine's loopback the writes were the largest item of a node fanning strokes out to 2,000
// watchers (40 % of its CPU; docs/operations.md, "The commit path").
import { createRequire } from "node:module";

interface Corkable {
  cork(): void;
  uncork(): void;
}

/** engine.io as socket.io loads it (the copy it runs, whatever the install hoisted). */
const engine = createRequire(createRequire(import.meta.url).resolve("socket.io"))("engine.io") as {
  Socket: { prototype: unknown };
  transports: { websocket: { prototype: unknown } };
};

type Flush = (this: EngineSocket) => void;
interface EngineSocket {
  [FLUSH_PENDING]?: boolean;
}
type Send = (this: { socket?: { _socket?: Partial<Corkable> } }, packets: unknown[]) => void;

const FLUSH_PENDING = Symbol("korrigo.flushPending");
let installed = false;

/** Patches engine.io once per process (every Socket.IO server in it). */
export function corkWebSocketFlushes(): void {
  if (installed) return;
  installed = true;

  const socketProto = engine.Socket.prototype as { flush: Flush };
  const flushNow = socketProto.flush;
  socketProto.flush = function deferredFlush() {
    if (this[FLUSH_PENDING]) return;
    this[FLUSH_PENDING] = true;
    process.nextTick(() => {
      this[FLUSH_PENDING] = false;
      flushNow.call(this);
    });
  };

  const transportProto = engine.transports.websocket.prototype as { send: Send };
  const send = transportProto.send;
  transportProto.send = function corkedSend(packets) {
    const raw = this.socket?._socket;
    if (!raw?.cork || !raw.uncork || packets.length === 0) return send.call(this, packets);
    raw.cork();
    try {
      send.call(this, packets);
    } finally {
      raw.uncork();
    }
  };
}
