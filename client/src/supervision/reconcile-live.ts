// Live reconciliation changes for one exam over the shared /grading socket: `exam:watch` on every
// (re)connection, then `reconciliation:changed { examId, copyIds }` (copyIds null: many copies).
// After a reconnection the page reloads once: what changed meanwhile was missed.
import type { ServerPayload } from "../../../collab/contract/socket/index.ts";
import { type GradingSocket, gradingSocket } from "../realtime/socket.ts";

export class ReconcileLive {
  readonly #socket: GradingSocket;
  #connectedOnce = false;

  constructor(
    readonly examId: string,
    private readonly changed: (copyIds: string[] | null) => void,
    socket: GradingSocket = gradingSocket(),
  ) {
    this.#socket = socket;
    socket.on("connect", this.#onConnect);
    socket.on("reconciliation:changed", this.#onChanged);
    // after the render that mounted us: a page being left may still send its exam:unwatch
    if (socket.connected) setTimeout(() => this.#onConnect(), 0);
  }

  /** Stops listening; the exam stays watched (a dashboard of the same exam may be opening). */
  close(): void {
    this.#socket.off("connect", this.#onConnect);
    this.#socket.off("reconciliation:changed", this.#onChanged);
  }

  readonly #onConnect = () => {
    this.#socket.emit("exam:watch", { examId: this.examId }, () => {
      if (this.#connectedOnce) this.changed(null);
      this.#connectedOnce = true;
    });
  };

  readonly #onChanged = (m: ServerPayload<"reconciliation:changed">) => {
    if (m.examId !== this.examId) return;
    this.changed(m.copyIds);
  };
}
