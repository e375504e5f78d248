// A page's live link to one room over the shared /grading socket (docs/protocol.md), for lists
// that are not dashboards: `join` (e.g. `exam:follow`, `intake:watch`) on every (re)connection,
// the room's events to the handlers, and `resync()` once after a reconnection — what happened
// while the socket was down was missed, so the page reloads its list once. `connection(false)`
// tells the page it may fall back to polling until the socket is back.
import type { AckedEventName, PayloadIn, ServerEventName, ServerPayload } from "../../../collab/contract/socket/index.ts";
import { request } from "./grading-socket.ts";
import { type GradingSocket, gradingSocket } from "./socket.ts";

/** an acknowledged event with its payload, e.g. ["exam:follow", { examId }] */
export type RoomRequest = { [E in AckedEventName]: [event: E, payload: PayloadIn<E>] }[AckedEventName];

/** handlers of server → client events, each typed by the contract */
export type RoomEvents = { [E in ServerEventName]?: (msg: ServerPayload<E>) => void };

/** the socket seen through one event's listener type (on/off of a name chosen at run time) */
type Listening = { on(event: string, fn: (msg: never) => void): void; off(event: string, fn: (msg: never) => void): void };

/** sends a room request; rejects on no answer within 10 s */
const send = (socket: GradingSocket, [event, payload]: RoomRequest) => request(socket, event, payload as never, 10_000);

export interface LiveRoomOptions {
  /** the subscribe event and its payload, sent on every (re)connection */
  join: RoomRequest;
  /** the unsubscribe event, sent on close() */
  leave: RoomRequest;
  /** server → client events of the room */
  events: RoomEvents;
  /** joined (true), or not: disconnected or refused (false) */
  connection?(live: boolean): void;
  /** joined again after a disconnection */
  resync?(): void;
}

export class LiveRoom {
  readonly #socket: GradingSocket;
  readonly #events: Array<[string, (msg: never) => void]>;
  #live = false;
  #everJoined = false;
  #closed = false;

  constructor(
    private readonly opts: LiveRoomOptions,
    socket: GradingSocket = gradingSocket(),
  ) {
    this.#socket = socket;
    this.#events = Object.entries(opts.events) as Array<[string, (msg: never) => void]>;
    socket.on("connect", this.#onConnect);
    socket.on("disconnect", this.#onDisconnect);
    for (const [e, h] of this.#events) (socket as unknown as Listening).on(e, h);
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
    for (const [e, h] of this.#events) (s as unknown as Listening).off(e, h);
    if (s.connected) send(s, this.opts.leave).catch(() => {});
  }

  #onConnect = async (): Promise<void> => {
    let ok = false;
    try {
      ok = (await send(this.#socket, this.opts.join)).ok;
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
