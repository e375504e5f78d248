// `exam:progress` for dashboards: which copies changed, at most once a second per exam, so a
// busy exam costs one message a second instead of one per stroke.
import type { GradingNamespace } from "./grading-io.ts";
import { examRoom } from "./rooms.ts";

interface CopyProgress {
  copyId: string;
  seq: number;
  authorId: string;
  at: string;
}

export class ExamProgress {
  readonly #pending = new Map<string, Map<string, CopyProgress>>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly nsp: GradingNamespace,
    intervalMs = 1000,
  ) {
    this.#timer = setInterval(() => this.flush(), intervalMs);
    this.#timer.unref();
  }

  note(examId: string, copyId: string, seq: number, authorId: string): void {
    const copies = this.#pending.get(examId) ?? new Map<string, CopyProgress>();
    copies.set(copyId, { copyId, seq, authorId, at: new Date().toISOString() });
    this.#pending.set(examId, copies);
  }

  flush(): void {
    for (const [examId, copies] of this.#pending) this.nsp.to(examRoom(examId)).emit("exam:progress", { examId, copies: [...copies.values()] });
    this.#pending.clear();
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
