// The grading socket's WebSocket, opened by the entry on a desk's URL (client/src/main.ts) before
// the socket client's modules are even loaded: the connection's handshakes (TCP, the WebSocket
// upgrade, the server's session check) run while the app's JavaScript loads and evaluates, instead
// of after it. Dependency-free: it is part of the entry chunk. socket.ts adopts it as the first
// connection's WebSocket (what arrived meanwhile is kept and handed over in order); one nobody
// adopted within 10 s is closed.
/** Engine.IO v4 over WebSocket, as socket.io-client opens it (path /socket.io/, no session id yet). */
const ENGINE_PATH = "/socket.io/";
const UNCLAIMED_MS = 10_000;

export interface EarlyWebSocket {
  readonly ws: WebSocket;
  /** frames received before the socket client took it over, in order */
  readonly received: Array<string | ArrayBuffer>;
}

let early: EarlyWebSocket | null = null;

export function openEarlyWebSocket(): void {
  if (early || typeof WebSocket === "undefined" || !navigator.onLine) return;
  const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${ENGINE_PATH}?EIO=4&transport=websocket`);
  ws.binaryType = "arraybuffer"; // as engine.io-client sets it in a browser
  const e = { ws, received: [] as Array<string | ArrayBuffer> };
  ws.onmessage = (m: MessageEvent<string | ArrayBuffer>) => e.received.push(m.data);
  early = e;
  setTimeout(() => {
    if (early !== e) return;
    early = null;
    ws.close();
  }, UNCLAIMED_MS);
}

/**
 * The early WebSocket, once, when it is still open (or opening) and goes where `uri` goes (same
 * host, Engine.IO path and version, WebSocket transport, no session id); else null (and it is closed).
 */
export function takeEarlyWebSocket(uri: string): EarlyWebSocket | null {
  const e = early;
  early = null;
  if (!e) return null;
  if (e.ws.readyState <= WebSocket.OPEN && sameEndpoint(e.ws.url, uri)) return e;
  e.ws.close();
  return null;
}

function sameEndpoint(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const q = (u: URL) => [u.searchParams.get("EIO"), u.searchParams.get("transport"), u.searchParams.get("sid")].join();
    return x.host === y.host && x.protocol === y.protocol && x.pathname === y.pathname && q(x) === q(y);
  } catch {
    return false;
  }
}
