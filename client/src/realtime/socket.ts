// One Socket.IO connection to /grading for the whole page (docs/protocol.md). The browser knows
// it is offline before any ping times out: the socket is closed on `offline` and reopened on
// `online`, so the save status says "offline" at once and the resync starts as soon as it can.
import { io, WebSocket as WebSocketTransport } from "socket.io-client";
import { type EarlyWebSocket, takeEarlyWebSocket } from "./early-websocket.ts";
import type { GradingSocket } from "./grading-socket.ts";

export type { GradingSocket } from "./grading-socket.ts";

let socket: GradingSocket | null = null;

/**
 * engine.io-client's WebSocket transport, which takes over the WebSocket the entry opened early
 * (early-websocket.ts) for the page's first connection: the handshakes already made are not made
 * again. Reconnections open their own.
 */
class AdoptingWebSocket extends WebSocketTransport {
  private adopted: EarlyWebSocket | null = null;

  override createSocket(uri: string, protocols: string | string[] | undefined, opts: Record<string, unknown>): unknown {
    this.adopted = takeEarlyWebSocket(uri);
    return this.adopted?.ws ?? super.createSocket(uri, protocols, opts);
  }

  override doOpen(): this {
    super.doOpen(); // the WebSocket's handlers are this transport's from now on
    const adopted = this.adopted;
    this.adopted = null;
    if (!adopted || adopted.ws.readyState !== WebSocket.OPEN) return this; // still opening: its open event comes to this transport
    // It opened before: replay its open and what it received, once the engine listens to this
    // transport (it does right after open() returns, before any other task delivers a frame).
    queueMicrotask(() => {
      if (this.ws !== adopted.ws) return;
      this.onOpen();
      for (const data of adopted.received.splice(0)) this.onData(data);
    });
    return this;
  }
}

export function gradingSocket(): GradingSocket {
  if (socket) return socket;
  const s: GradingSocket = io("/grading", { transports: [AdoptingWebSocket], autoConnect: false, reconnectionDelayMax: 3000 });
  window.addEventListener("offline", () => s.disconnect());
  window.addEventListener("online", () => s.connect());
  if (navigator.onLine) s.connect();
  socket = s;
  return s;
}

/** After sign-out: the session is gone, and so is the socket's authentication. */
export function closeGradingSocket(): void {
  socket?.disconnect();
  socket = null;
}
