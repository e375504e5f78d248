// One Socket.IO connection to /grading for the whole page (docs/protocol.md). The browser knows
// it is offline before any ping times out: the socket is closed on `offline` and reopened on
// `online`, so the save status says "offline" at once and the resync starts as soon as it can.
import { io } from "socket.io-client";
import type { GradingSocket } from "./grading-socket.ts";

export type { GradingSocket } from "./grading-socket.ts";

let socket: GradingSocket | null = null;

export function gradingSocket(): GradingSocket {
  if (socket) return socket;
  const s: GradingSocket = io("/grading", { transports: ["websocket"], autoConnect: false, reconnectionDelayMax: 3000 });
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
