// A dashboard's live link to one exam over the shared /grading socket (docs/protocol.md):
// `exam:watch` on every (re)connection, then `exam:stats` (fresh statistics after a copy changed
// state), `copy:lock` (a lock taken, released or taken over) and `exam:progress` (edits, at most
// once a second). No polling: after a reconnection the page reloads the statistics once.
import type { ErrorAck, ServerPayload } from "../../../collab/contract/socket/index.ts";
import type { ExamStats } from "../api/results.ts";
import { request } from "../realtime/grading-socket.ts";
import { type GradingSocket, gradingSocket } from "../realtime/socket.ts";

export interface ExamLiveHandlers {
  stats(stats: ExamStats): void;
  lockChanged(copyId: string): void;
  progress(copies: { copyId: string; at: string }[]): void;
  /** connected and watching (true), or not (false) */
  connection(live: boolean): void;
  /** watching again after a disconnection: what happened meanwhile was missed */
  resync(): void;
}

type Ack = { ok: true } | ErrorAck;

export class ExamLive {
  readonly #socket: GradingSocket;
  #watching = false;
  #everWatched = false;

  constructor(
    readonly examId: string,
    private readonly on: ExamLiveHandlers,
    socket: GradingSocket = gradingSocket(),
  ) {
    this.#socket = socket;
    socket.on("connect", this.#onConnect);
    socket.on("disconnect", this.#onDisconnect);
    socket.on("exam:stats", this.#onStats);
    socket.on("copy:lock", this.#onLock);
    socket.on("exam:progress", this.#onProgress);
    if (socket.connected) void this.#onConnect();
  }

  get watching(): boolean {
    return this.#watching;
  }

  close(): void {
    const s = this.#socket;
    s.off("connect", this.#onConnect);
    s.off("disconnect", this.#onDisconnect);
    s.off("exam:stats", this.#onStats);
    s.off("copy:lock", this.#onLock);
    s.off("exam:progress", this.#onProgress);
    if (s.connected) s.emit("exam:unwatch", { examId: this.examId }, () => {});
  }

  /** Frees a copy held by someone else: join, take over (audited), release, leave. */
  async freeLock(copyId: string): Promise<Ack> {
    try {
      for (const event of ["copy:join", "copy:takeover", "copy:unlock"] as const) {
        const ack = await request(this.#socket, event, { copyId }, 10_000);
        if (!ack.ok) return ack;
      }
      return { ok: true };
    } catch {
      return { ok: false, code: "NETWORK", message: "no answer" };
    } finally {
      this.#socket.emit("copy:leave", { copyId }, () => {});
    }
  }

  #onConnect = async (): Promise<void> => {
    try {
      const ack = await request(this.#socket, "exam:watch", { examId: this.examId }, 10_000);
      this.#watching = ack.ok;
    } catch {
      this.#watching = false;
    }
    this.on.connection(this.#watching);
    if (this.#watching && this.#everWatched) this.on.resync();
    if (this.#watching) this.#everWatched = true;
  };

  #onDisconnect = (): void => {
    this.#watching = false;
    this.on.connection(false);
  };

  #onStats = (msg: ServerPayload<"exam:stats">): void => {
    if (msg.examId === this.examId) this.on.stats(msg.stats);
  };

  #onLock = (msg: ServerPayload<"copy:lock">): void => {
    if (msg.examId === this.examId) this.on.lockChanged(msg.copyId);
  };

  #onProgress = (msg: ServerPayload<"exam:progress">): void => {
    if (msg.examId === this.examId) this.on.progress(msg.copies);
  };
}
