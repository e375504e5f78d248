// Node-side plumbing for grading tests and the benchmark: sign in over HTTP, then open a
// socket.io connection to /grading with the session cookie and a browser-like Origin.
import { io, type Socket } from "socket.io-client";
import { TEST_ORIGIN, TestClient } from "./http-client.ts";

export async function signIn(baseUrl: string, user: { username: string; password: string }): Promise<string> {
  const c = new TestClient(baseUrl);
  const r = await c.login(user.username, user.password);
  if (r.status !== 200) throw new Error(`sign-in of ${user.username} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return c.cookieHeader;
}

export interface ConnectOptions {
  cookie?: string;
  /** null: send no Origin header */
  origin?: string | null;
  reconnection?: boolean;
}

export function connectGrading(baseUrl: string, opts: ConnectOptions = {}): Socket {
  const origin = opts.origin === undefined ? TEST_ORIGIN : opts.origin;
  return io(`${baseUrl}/grading`, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    extraHeaders: { ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(origin ? { origin } : {}) },
  });
}

/** Resolves on `connect`, rejects with the server's refusal code on `connect_error`. */
export function connected(socket: Socket): Promise<Socket> {
  return new Promise((resolve, reject) => {
    if (socket.connected) return resolve(socket);
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (e: Error & { data?: { code?: string } }) => reject(Object.assign(new Error(e.data?.code ?? e.message), { data: e.data })));
  });
}

/** emit with an ack, as a promise. */
export function request<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = 10_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}
