// Renders in worker threads with a time limit, never on the caller's event loop: pdf-lib blocks
// for hundreds of ms on large scans and can loop forever on broken input (pdf-lib issue #1146).
// Threads are reused (starting one costs ~0.5 s: tsx + pdf-lib); a thread that times out, crashes
// or runs out of memory is terminated and replaced by a fresh one on the next render.
// An idle thread ends after 10 minutes, giving its memory back (~20 MB of RSS each): longer than the
// gaps between a grading session's finalizes, so a worker keeps the threads its busiest moments
// needed for the whole session instead of starting one (0.5 s before that render) and ending it
// again every minute; the most recently used thread is handed out first, so a thread used only
// when renders overlap is the one that ends (docs/operations.md « Soak »).
import { type ResourceLimits, Worker } from "node:worker_threads";
import type { RenderReply } from "./render-thread-entry.ts";
import type { RenderInput } from "./render-types.ts";
import { threadEntry } from "../config/runtime-files.ts";

export interface RenderPoolOptions {
  /** renders at once (one thread each) */
  size?: number;
  timeoutMs?: number;
  /** an idle thread is ended after this long, giving its memory back (default 10 minutes) */
  idleMs?: number;
  maxHeapMb?: number;
  /**
   * each thread's young generation, where a render's short-lived objects and buffers' handles go
   * (default 8 MB; V8's own would let it grow to 48 MB): renders are no slower with 8, and each
   * thread holds ~30–40 MB less, with less of a level to wander (docs/render.md)
   */
  maxYoungMb?: number;
}

export const RENDER_TIMEOUT_MS = 60_000;
const BOOT = threadEntry(import.meta.url, "render-thread-boot.mjs", "render-thread-entry");

interface Slot {
  worker: Worker;
  idleTimer?: NodeJS.Timeout;
}

export class RenderThreadPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  private nextId = 1;
  private closed = false;
  private readonly opts: Required<RenderPoolOptions>;

  constructor(opts: RenderPoolOptions = {}) {
    this.opts = { size: 2, timeoutMs: RENDER_TIMEOUT_MS, idleMs: 10 * 60_000, maxHeapMb: 1024, maxYoungMb: 8, ...opts };
  }

  /** Threads alive: rendering or idle. */
  get threads(): number {
    return this.running + this.idle.length;
  }

  /** The limits V8 applies in each idle thread, as the thread reports them. */
  get idleThreadLimits(): ResourceLimits[] {
    return this.idle.map((s) => s.worker.resourceLimits ?? {});
  }

  async render(input: RenderInput): Promise<Uint8Array> {
    if (this.closed) throw new Error("render pool is closed");
    while (this.running >= this.opts.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.runOn(this.take(), input);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.idle.splice(0).map((s) => (clearTimeout(s.idleTimer), s.worker.terminate())));
  }

  private take(): Slot {
    const idle = this.idle.pop();
    if (idle) {
      clearTimeout(idle.idleTimer);
      idle.worker.ref();
      return idle;
    }
    const worker = new Worker(BOOT, {
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb, maxYoungGenerationSizeMb: this.opts.maxYoungMb },
    });
    const slot: Slot = { worker };
    worker.on("error", () => {}); // reported to the render in progress by runOn
    worker.once("exit", () => {
      const i = this.idle.indexOf(slot); // a thread that died while idle is not handed out again
      if (i >= 0) this.idle.splice(i, 1);
    });
    return slot;
  }

  private release(slot: Slot) {
    if (this.closed) {
      void slot.worker.terminate();
      return;
    }
    slot.worker.unref(); // an idle thread never keeps the process alive
    slot.idleTimer = setTimeout(() => {
      const i = this.idle.indexOf(slot);
      if (i >= 0) this.idle.splice(i, 1);
      void slot.worker.terminate();
    }, this.opts.idleMs);
    slot.idleTimer.unref();
    this.idle.push(slot);
  }

  private runOn(slot: Slot, input: RenderInput): Promise<Uint8Array> {
    const id = this.nextId++;
    const { worker } = slot;
    return new Promise<Uint8Array>((resolve, reject) => {
      const done = (healthy: boolean, err?: Error, bytes?: Uint8Array) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (healthy) this.release(slot);
        else void worker.terminate();
        if (err) reject(err);
        else resolve(bytes!);
      };
      const onMessage = (m: RenderReply) => {
        if (m.id !== id) return;
        if (m.ok) done(true, undefined, m.bytes);
        else done(true, new Error(m.error));
      };
      const onError = (e: Error) => done(false, new Error(`render thread failed: ${e.message}`));
      const onExit = (code: number) => done(false, new Error(`render thread exited (code ${code})`));
      const timer = setTimeout(() => done(false, new Error(`render timed out after ${Math.round(this.opts.timeoutMs / 1000)} s`)), this.opts.timeoutMs);
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      worker.postMessage({ id, input });
    });
  }
}

let shared: RenderThreadPool | undefined;

/** The process-wide pool used by the render job. */
export function sharedRenderPool(): RenderThreadPool {
  return (shared ??= new RenderThreadPool());
}
