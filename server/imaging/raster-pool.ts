// Rasterization in worker threads with a time limit, never on the caller's event loop (MuPDF's
// WASM is synchronous). A thread that times out or crashes is terminated and replaced; an idle
// one ends after a while, giving its memory (the WASM heap) back.
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { CodeScan, CodeScanRequest } from "../booklets/read-codes.ts";
import type { RasterReply, ThreadRequest } from "./raster-thread-entry.ts";
import type { RasterOutput, RasterRequest } from "./rasterize-page.ts";
import { threadEntry } from "../config/runtime-files.ts";
import { mupdfModule } from "./mupdf-module.ts";

const BOOT = threadEntry(import.meta.url, "raster-thread-boot.mjs", "raster-thread-entry");

export interface RasterPoolOptions {
  size?: number;
  timeoutMs?: number;
  idleMs?: number;
}

export class RasterPool {
  private readonly idle: Worker[] = [];
  private readonly waiting: Array<() => void> = [];
  private readonly idleTimers = new Map<Worker, NodeJS.Timeout>();
  private running = 0;
  private nextId = 1;
  private closed = false;
  private readonly opts: Required<RasterPoolOptions>;

  constructor(opts: RasterPoolOptions = {}) {
    this.opts = { size: 1, timeoutMs: 60_000, idleMs: 30_000, ...opts };
  }

  /** How many pages are rasterized at once. */
  get size(): number {
    return this.opts.size;
  }

  async rasterize(req: RasterRequest): Promise<RasterOutput[]> {
    return (await this.run(req)) as RasterOutput[];
  }

  /** Reads the booklet codes of a scanned page (drawn by MuPDF, read by zxing, in the same threads). */
  async readCodes(req: CodeScanRequest): Promise<CodeScan> {
    return (await this.run({ ...req, kind: "codes" })) as CodeScan;
  }

  /** Starts every thread ahead of a batch (module load, WASM compile) while the batch is being inspected. */
  warm(): void {
    for (let i = 0; i < this.opts.size; i++) void this.run({ kind: "warm" }).catch(() => {});
  }

  private async run(req: ThreadRequest): Promise<unknown> {
    if (this.closed) throw new Error("raster pool is closed");
    while (this.running >= this.opts.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await this.runOn(await this.take(), req);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }

  private async take(): Promise<Worker> {
    const w = this.idle.pop();
    if (w) {
      clearTimeout(this.idleTimers.get(w));
      this.idleTimers.delete(w);
      w.ref();
      return w;
    }
    // MuPDF compiled once per process, instantiated by each thread (mupdf-module.ts)
    const worker = new Worker(BOOT, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 256 }, workerData: { mupdfModule: await mupdfModule() } });
    worker.on("error", () => {}); // reported to the request in progress by runOn
    worker.once("exit", () => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
    });
    return worker;
  }

  private release(worker: Worker): void {
    if (this.closed) {
      void worker.terminate();
      return;
    }
    worker.unref();
    const timer = setTimeout(() => {
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.idleTimers.delete(worker);
      void worker.terminate();
    }, this.opts.idleMs);
    timer.unref();
    this.idleTimers.set(worker, timer);
    this.idle.push(worker);
  }

  private runOn(worker: Worker, req: ThreadRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done = (healthy: boolean, err?: Error, out?: unknown) => {
        clearTimeout(timer);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        if (healthy) this.release(worker);
        else void worker.terminate();
        if (err) reject(err);
        else resolve(out);
      };
      const onMessage = (m: RasterReply) => {
        if (m.id !== id) return;
        if (m.ok) done(true, undefined, m.outputs);
        else done(true, new Error(m.error));
      };
      const onError = (e: Error) => done(false, new Error(`rasterization failed: ${e.message}`));
      const onExit = (code: number) => done(false, new Error(`rasterization stopped (code ${code})`));
      const timer = setTimeout(() => done(false, new Error(`rasterization took longer than ${Math.round(this.opts.timeoutMs / 1000)} s`)), this.opts.timeoutMs);
      worker.on("message", onMessage).on("error", onError).on("exit", onExit);
      worker.postMessage({ id, req });
    });
  }
}

let shared: RasterPool | undefined;

/** Raster threads per process: one per core, at most two (each holds a WASM heap of up to ~100 MB on a capped page). */
export const RASTER_THREADS = Math.max(1, Math.min(2, os.availableParallelism()));

/** The process-wide pool: a page per core at once (MuPDF is single-threaded; sharp's encodes overlap). */
export function sharedRasterPool(): RasterPool {
  return (shared ??= new RasterPool({ size: RASTER_THREADS }));
}
