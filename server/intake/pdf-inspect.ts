// Off-thread PDF work: a child process (node --import tsx pdf-inspect-child.ts) parses PDFs with
// pdf-lib under a time limit and a heap cap, so a hostile or broken file can neither hang nor
// bloat the server. One request at a time per child; a timeout or crash kills it, and the next
// request starts a fresh one.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import type { ExtractedPage, PdfRequest, PdfResponse } from "./pdf-child-protocol.ts";
import { checkHead, type InspectResult } from "./pdf-problem.ts";
import { APP_ROOT, isBuilt } from "../config/runtime-files.ts";

const BUILT = isBuilt(import.meta.url);
const CHILD = fileURLToPath(new URL(BUILT ? "./pdf-inspect-child.js" : "./pdf-inspect-child.ts", import.meta.url));
/** the child runs the compiled file from the build, the TypeScript one through tsx otherwise */
const TS_LOADER = BUILT ? [] : ["--import", "tsx"];

export interface PdfChildOptions {
  /** base time limit of one request */
  baseTimeoutMs?: number;
  /** heap cap of the child (its file buffers are counted apart) */
  maxOldSpaceMb?: number;
  /** stop the child after this long without requests (a shared child); default: never */
  idleMs?: number;
}

/** How long a fresh child may take to load (node + tsx + pdf-lib): a loaded machine takes tens of seconds, which must not count against a file. */
const START_LIMIT_MS = 180_000;

/** Files from this size on: the child is stopped once done with them (see recycleAfter). */
export const RECYCLE_AFTER_BYTES = 16 * 1024 * 1024;

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export class PdfTimeoutError extends Error {}

export class PdfChild {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  private pending = 0;
  private recycleWhenIdle = false;

  constructor(private readonly opts: PdfChildOptions = {}) {}

  /** Magic bytes first (cheap), then a full parse in the child. Problems are values, not throws. */
  async inspect(file: string, opts: { keep?: boolean } = {}): Promise<InspectResult> {
    const size = (await fs.promises.stat(file)).size;
    const fd = await fs.promises.open(file, "r");
    const head = Buffer.alloc(1024);
    try {
      await fd.read(head, 0, 1024, 0);
    } finally {
      await fd.close();
    }
    const problem = checkHead(head, size);
    if (problem) return { ok: false, ...problem };
    try {
      const res = await this.send({ op: "inspect", path: file, keep: opts.keep ?? false }, this.timeoutFor(size));
      if (res.op === "inspect") return res.result;
      return { ok: false, code: "PDF_CORRUPTED", message: `the file cannot be read (${res.op === "error" ? res.message : "unexpected answer"})` };
    } catch (e) {
      if (e instanceof PdfTimeoutError) return { ok: false, code: "PDF_CORRUPTED", message: "the file could not be read in time: it is damaged or malformed" };
      return { ok: false, code: "PDF_CORRUPTED", message: `the file cannot be read (${(e as Error).message})` };
    }
  }

  /** Writes the given pages as single-page PDFs into the media store (content-addressed). */
  async extract(file: string, pages: number[], mediaRoot: string): Promise<ExtractedPage[]> {
    const size = (await fs.promises.stat(file)).size;
    const res = await this.send({ op: "extract", path: file, pages, mediaRoot }, this.timeoutFor(size) + pages.length * 500);
    if (res.op === "extract") return res.pages;
    throw new Error(`page extraction failed: ${res.op === "error" ? res.message : "unexpected answer"}`);
  }

  /** Starts the child ahead of time (its start-up overlaps with, say, an upload still streaming). */
  warm(): void {
    this.child ??= this.spawn();
    if (this.pending === 0) this.scheduleIdle();
  }

  /** Drops a document the child keeps loaded (a job is done with it). */
  async forget(file: string): Promise<void> {
    if (this.child) await this.send({ op: "forget", path: file }, 10_000).catch(() => this.close());
  }

  /** After a big file the child's heap stays large: let it go, the next request starts a fresh one. */
  recycleAfter(bytes: number): void {
    if (bytes < RECYCLE_AFTER_BYTES) return;
    if (this.pending === 0) this.close();
    else this.recycleWhenIdle = true; // another caller is using it: stop it when it is done
  }

  close(): void {
    this.recycleWhenIdle = false;
    this.child?.kill("SIGKILL");
    this.child = null;
  }

  private timeoutFor(bytes: number): number {
    return (this.opts.baseTimeoutMs ?? 20_000) + Math.ceil(bytes / (4 * 1024 * 1024)) * 1000;
  }

  private send(req: DistributiveOmit<PdfRequest, "id">, timeoutMs: number): Promise<PdfResponse> {
    const run = () => this.request(req, timeoutMs);
    this.pending++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const p = this.queue.then(run, run).finally(() => {
      if (--this.pending > 0) return;
      if (this.recycleWhenIdle) this.close();
      else this.scheduleIdle();
    });
    this.queue = p.catch(() => {});
    return p;
  }

  private scheduleIdle(): void {
    if (!this.opts.idleMs) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), this.opts.idleMs);
    this.idleTimer.unref();
  }

  /** each child's start-up: resolves at its "ready", rejects if it dies or takes past START_LIMIT_MS */
  private readonly started = new WeakMap<ChildProcess, Promise<void>>();

  private spawn(): ChildProcess {
    const child = fork(CHILD, [], {
      cwd: APP_ROOT,
      execArgv: [...TS_LOADER, `--max-old-space-size=${this.opts.maxOldSpaceMb ?? 768}`],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
    });
    const started = new Promise<void>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
        fn();
      };
      const onMessage = (m: PdfResponse) => m.op === "ready" && done(resolve);
      const onExit = (code: number | null, signal: string | null) =>
        done(() => reject(new Error(`the PDF reader stopped while starting (${signal ?? `exit ${code}`})`)));
      const timer = setTimeout(() => {
        done(() => reject(new Error(`the PDF reader did not start within ${START_LIMIT_MS / 1000} s`)));
        child.kill("SIGKILL");
      }, START_LIMIT_MS);
      timer.unref();
      child.on("message", onMessage);
      child.on("exit", onExit);
    });
    started.catch(() => {}); // a request awaiting it gets the error
    this.started.set(child, started);
    child.stderr?.resume();
    // a shared child must not keep its parent alive; it exits when the IPC channel closes
    child.unref();
    (child.channel as { unref?: () => void } | undefined)?.unref?.();
    child.on("exit", () => {
      if (this.child === child) this.child = null;
    });
    return child;
  }

  private async request(req: DistributiveOmit<PdfRequest, "id">, timeoutMs: number): Promise<PdfResponse> {
    const child = (this.child ??= this.spawn());
    const channel = child.channel as { ref?: () => void; unref?: () => void } | undefined;
    channel?.ref?.(); // keep the process alive while the child starts
    try {
      await this.started.get(child);
    } finally {
      channel?.unref?.();
    }
    const id = this.nextId++;
    return new Promise<PdfResponse>((resolve, reject) => {
      const done = (fn: () => void) => {
        clearTimeout(timer);
        (child.channel as { unref?: () => void } | undefined)?.unref?.();
        child.off("message", onMessage);
        child.off("exit", onExit);
        fn();
      };
      const onMessage = (m: PdfResponse) => {
        if (m.id === id) done(() => resolve(m));
      };
      const onExit = (code: number | null, signal: string | null) =>
        done(() => reject(new Error(`the PDF reader stopped (${signal ?? `exit ${code}`}), probably out of memory`)));
      const timer = setTimeout(() => {
        done(() => reject(new PdfTimeoutError(`no answer within ${timeoutMs} ms`)));
        child.kill("SIGKILL");
        if (this.child === child) this.child = null;
      }, timeoutMs);
      child.on("message", onMessage);
      child.on("exit", onExit);
      (child.channel as { ref?: () => void } | undefined)?.ref?.(); // keep the process alive while we wait
      child.send({ ...req, id } as PdfRequest);
    });
  }
}

const shared = new WeakMap<object, PdfChild>();

/** One long-lived child per process context (the server's upload checks): no spawn per request. */
export function sharedPdfChild(owner: object): PdfChild {
  let c = shared.get(owner);
  if (!c) shared.set(owner, (c = new PdfChild({ idleMs: 60_000 })));
  return c;
}
