// A watcher socket for the load benchmark that speaks Engine.IO 4 / Socket.IO 5 over a bare
// WebSocket (the `ws` package) instead of socket.io-client: it connects to the namespace, joins one
// copy with an ack, answers pings, and hands every update's bytes to `onBinary`: a binary frame (bare
// Socket.IO sends a Uint8Array as an attachment frame after its text header), or the base64 `update`
// of a text event (Korrigo's room broadcasts, collab/contract/socket/shapes.ts RoomBytes). Thousands of
// socket.io-client instances in the benchmark's own process (its packet decoder, event emitters and
// buffer copies for every one of ~10,000 deliveries a second) took most of a core of the two the
// servers under test share; both systems are watched through this one client.
import WebSocket from "ws";

export interface RawWatcherOptions {
  /** http://host:port of the server */
  readonly url: string;
  readonly namespace: string;
  readonly headers?: Record<string, string>;
  /** the event sent once connected, with an ack (e.g. copy:join) */
  readonly join: { readonly event: string; readonly payload: unknown };
  readonly timeoutMs?: number;
}

export interface RawWatcher {
  onBinary(fn: (bytes: Buffer) => void): void;
  close(): void;
}

const JOIN_ACK_ID = 1;
const PING = 0x32; // "2"
const QUOTE = 0x22; // '"'
const UPDATE_FIELD = Buffer.from('"update":"');

/** Resolves once joined (the join's ack said ok); rejects with the server's code otherwise. */
export function rawWatcher(opts: RawWatcherOptions): Promise<RawWatcher> {
  const nsp = opts.namespace;
  const ws = new WebSocket(`${opts.url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { headers: opts.headers, perMessageDeflate: false });
  const listeners: Array<(bytes: Buffer) => void> = [];
  let joined = false;
  let skip = 0; // attachment frames of the join's own answer
  // the join's ack: `43/nsp,1[...]`, or `46N-/nsp,1[...]` with N attachments (a document's bytes)
  const joinAck = new RegExp(`^4(?:3|6(\\d+)-)${nsp},${JOIN_ACK_ID}(\\[.*)$`, "s");
  return new Promise<RawWatcher>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error("watcher: no join ack in time")), opts.timeoutMs ?? 60_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      ws.terminate();
      reject(e);
    };
    const watcher: RawWatcher = {
      onBinary: (fn) => void listeners.push(fn),
      close: () => ws.close(),
    };
    ws.on("error", (e) => (joined ? undefined : fail(e)));
    ws.on("close", () => (joined ? undefined : fail(new Error("watcher: closed before joining"))));
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        if (skip > 0) skip--;
        else if (joined) for (const fn of listeners) fn(data);
        return;
      }
      if (joined) {
        // read in the frame's bytes, not as a string: ~10,000 deliveries a second go through here
        if (data.length === 1 && data[0] === PING) return void ws.send("3"); // Engine.IO ping → pong
        // a text event carrying its bytes in base64; an attachment's header carries none (its bytes follow)
        const at = data.indexOf(UPDATE_FIELD);
        if (at >= 0) {
          const from = at + UPDATE_FIELD.length;
          const bytes = Buffer.from(data.toString("latin1", from, data.indexOf(QUOTE, from)), "base64");
          for (const fn of listeners) fn(bytes);
        }
        return;
      }
      const text = data.toString();
      if (text === "2") return void ws.send("3"); // Engine.IO ping → pong
      if (text.startsWith("0")) return void ws.send(`40${nsp},`); // Engine.IO open → connect to the namespace
      if (text.startsWith(`40${nsp},`)) {
        return void ws.send(`42${nsp},${JOIN_ACK_ID}${JSON.stringify([opts.join.event, opts.join.payload])}`);
      }
      if (text.startsWith(`44${nsp},`)) return fail(new Error(`watcher: connection refused ${text.slice(nsp.length + 3)}`));
      const ack = joinAck.exec(text);
      if (ack) {
        skip = Number(ack[1] ?? 0);
        const [answer] = JSON.parse(ack[2]!) as [{ ok?: boolean; code?: string }];
        if (answer?.ok === false) return fail(new Error(`watcher: join refused ${answer.code ?? ""}`));
        joined = true;
        clearTimeout(timer);
        resolve(watcher);
      }
    });
  });
}
