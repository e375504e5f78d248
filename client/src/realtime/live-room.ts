// A page's live link to one room over the shared /grading socket (docs/protocol.md), for lists
// that are not dashboards: `join` (e.g. `exam:follow`, `intake:watch`) on every (re)connection,
// the room's events to the handlers, and `resync()` once after a reconnection — what happened
// while the socket was down was missed, so the page reloads its list once. `connection(false)`
// tells the page it may fall back to polling until the socket is back.
import type { Socket } from "socket.io-client";
import { gradingSocket } from "./socket.ts";

type Ack = { ok: true } | { ok: false; code: string; message: string };

export interface LiveRoomOptions {
  /** the subscribe event and its payload, sent on every (re)connection */
  join: [event: string, payload: unknown];
  /** the unsubscribe event, sent on close() */
  leave: [event: string, payload: unknown];
  /** server → client events of the room */
  events: Record<string, (msg: never) => void>;
  /** joined (true), or not: disconnected or refused (false) */
  connection?(live: boolean): void;
  /** joined again after a disconnection */
  resync?(): void;
}

export class LiveRoom {
  readonly #socket: Socket;
  readonly #events: Array<[string, (msg: never) => void]>;
  #live = false;
  #everJoined = false;
  #closed = false;

  constructor(
    private readonly opts: LiveRoomOptions,
    socket: Socket = gradingSocket(),
  ) {
    this.#socket = socket;
    this.#events = Object.entries(opts.events);
    socket.on("connect", this.#onConnect);
    socket.on("disconnect", this.#onDisconnect);
    for (const [e, h] of this.#events) socket.on(e, h as (msg: unknown) => void);
    if (socket.connected) void this.#onConnect();
  }

  /** connected and in the room */
  get live(): boolean {
    return this.#live;
  }

  close(): void {
    this.#closed = true;
    const s = this.#socket;
    s.off("connect", this.#onConnect);
    s.off("disconnect", this.#onDisconnect);
    for (const [e, h] of this.#events) s.off(e, h as (msg: unknown) => void);
    if (s.connected) s.emit(this.opts.leave[0], this.opts.leave[1], () => {});
  }

  #onConnect = async (): Promise<void> => {
    let ok = false;
    try {
      ok = ((await this.#socket.timeout(10_000).emitWithAck(this.opts.join[0], this.opts.join[1])) as Ack).ok;
    } catch {
      ok = false;
    }
    if (this.#closed) return;
    this.#live = ok;
    this.opts.connection?.(ok);
    if (ok && this.#everJoined) this.opts.resync?.();
    if (ok) this.#everJoined = true;
  };

  #onDisconnect = (): void => {
    this.#live = false;
    if (!this.#closed) this.opts.connection?.(false);
  };
}
