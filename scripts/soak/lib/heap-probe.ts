// The live heap of another Node process, through its inspector (started with --inspect on a
// loopback port): a full garbage collection first, then the heap in use. What survives a full
// collection is what a leak looks like; a heap sampled between collections only shows when V8
// chose to collect (old space grows for minutes before a major GC).
import fs from "node:fs";
import WebSocket from "ws";

/**
 * As JSON, evaluated in the process: the bytes used in V8's code spaces ("code_space",
 * "code_large_object_space"), and everything V8 holds for running the functions rather than the
 * program's data (`jit`: compiled code with its relocation and deoptimization data, bytecode with
 * its constant pools and source positions — v8.getHeapCodeStatistics(), a walk of the heap, ~10 ms
 * for 100 MB), which grows as functions are first run and get hot, bounded by the functions there are.
 */
const CODE_SIZES = `(() => { const v8 = process.getBuiltinModule?.("v8"); if (!v8) return null; const c = v8.getHeapCodeStatistics(); return JSON.stringify({ code: v8.getHeapSpaceStatistics().filter((s) => s.space_name.startsWith("code")).reduce((n, s) => n + s.space_used_size, 0), jit: c.code_and_metadata_size + c.bytecode_and_metadata_size }); })()`;
/**
 * What V8 holds from the system (its heap's committed size) and of it the young generation's
 * ("new_space"), as JSON: read before the forced GC, at the moment the sampler read the RSS, so
 * the RSS splits into V8's heap and the rest (native memory: buffers, malloc, threads).
 */
const V8_COMMITTED = `(() => { const v8 = process.getBuiltinModule?.("v8"); if (!v8) return null; const n = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space"); return JSON.stringify({ committed: v8.getHeapStatistics().total_heap_size, newSpace: n ? n.space_size : 0 }); })()`;

/** A socket to the process's inspector and the commands sent on it that it has not answered yet. */
interface Connection {
  ws: WebSocket;
  unanswered: Set<number>;
  /** let go of: closed at the last answer */
  retiring: boolean;
  closed: Promise<void>;
}

/** How long a socket let go of waits for the answers still due before it is cut anyway. */
const RETIRE_LIMIT_MS = 60_000;

export class HeapProbe {
  #conn: Connection | null = null;
  #nextId = 1;
  readonly #waiting = new Map<number, (msg: { result?: Record<string, unknown>; error?: unknown }) => void>();

  #suspended = false;
  /** a snapshot is being written: the process is paused for it, a GC probe would time out and close the socket under it */
  #snapshotting = false;
  /** inspector events (no id) by method, e.g. the chunks of a heap snapshot */
  readonly #events = new Map<string, (params: Record<string, unknown>) => void>();

  constructor(private readonly port: number) {}

  /**
   * Disconnects and stays away until resume(): a process with a debugger attached does not exit
   * ("Waiting for the debugger to disconnect..."), so the probe lets go before a restart. Resolves
   * once the socket is closed, which waits for the answers still due (close()).
   */
  suspend(): Promise<void> {
    this.#suspended = true;
    return this.close();
  }

  resume(): void {
    this.#suspended = false;
  }

  /** Heap used (bytes) right after a full GC; null when the process does not answer. */
  async liveHeapBytes(): Promise<number | null> {
    return (await this.liveHeap())?.used ?? null;
  }

  /**
   * Right after a full GC: the heap in use and, of it, V8's code spaces (the functions' compiled
   * code, which grows as functions get hot and is bounded by their number) and all V8 holds to run
   * the functions (`jit`: code and bytecode with their metadata, CODE_SIZES), and V8's committed heap
   * read just before the GC (`v8`, V8_COMMITTED); null when the process does not answer. `code`, `jit`
   * and `v8` are null when the process cannot say (no process.getBuiltinModule).
   */
  async liveHeap(): Promise<{ used: number; code: number | null; jit: number | null; v8: { committed: number; newSpace: number } | null } | null> {
    if (this.#suspended || this.#snapshotting) return null;
    try {
      const before = await this.#call("Runtime.evaluate", { expression: V8_COMMITTED, returnByValue: true });
      const json = (before.result as { value?: unknown } | undefined)?.value;
      const v8 = typeof json === "string" ? (JSON.parse(json) as { committed: number; newSpace: number }) : null;
      await this.#call("HeapProfiler.collectGarbage");
      const usage = await this.#call("Runtime.getHeapUsage");
      if (typeof usage.usedSize !== "number") return null;
      const r = await this.#call("Runtime.evaluate", { expression: CODE_SIZES, returnByValue: true });
      const codeJson = (r.result as { value?: unknown } | undefined)?.value;
      const code = typeof codeJson === "string" ? (JSON.parse(codeJson) as { code: number; jit: number }) : null;
      return { used: usage.usedSize, code: code?.code ?? null, jit: code?.jit ?? null, v8 };
    } catch {
      this.close(); // restarted or gone: reconnect next time
      return null;
    }
  }

  /**
   * The process's memory right after a full GC (process.memoryUsage(): heap in use, external and
   * array buffers, RSS); null when the process does not answer. The settled figures: what the
   * process holds, not when V8 last chose to collect.
   */
  async settledMemory(): Promise<NodeJS.MemoryUsage | null> {
    if (this.#suspended || this.#snapshotting) return null;
    try {
      await this.#call("HeapProfiler.collectGarbage");
      await this.#call("HeapProfiler.collectGarbage"); // a second pass frees what the first one's finalizers released
      const r = await this.#call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true });
      const value = (r.result as { value?: unknown } | undefined)?.value;
      return typeof value === "string" ? (JSON.parse(value) as NodeJS.MemoryUsage) : null;
    } catch {
      this.close();
      return null;
    }
  }

  /**
   * A heap snapshot of the process written to `file` (Chrome's .heapsnapshot: DevTools opens it,
   * scripts/soak/heap-diff.ts compares two or three). It pauses the process for a few seconds
   * per 100 MB of heap. Taken after a full GC so it holds only what is alive. Objects keep
   * their snapshot id from one snapshot to the next while the process runs.
   */
  async writeSnapshot(file: string): Promise<void> {
    if (this.#suspended) throw new Error("suspended");
    const out = fs.createWriteStream(file);
    let written = Promise.resolve();
    let ended = false;
    this.#events.set("HeapProfiler.addHeapSnapshotChunk", (p) => {
      const chunk = String(p.chunk);
      written = written.then(() => (ended ? undefined : new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())))));
    });
    this.#snapshotting = true;
    try {
      await this.#call("HeapProfiler.enable");
      await this.#call("HeapProfiler.collectGarbage");
      await this.#call("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, 300_000);
      await written;
    } finally {
      this.#snapshotting = false;
      this.#events.delete("HeapProfiler.addHeapSnapshotChunk");
      // a failed snapshot: the chunks already queued are dropped, never written after the end
      ended = true;
      await written.catch(() => {});
      await new Promise<void>((resolve) => out.end(resolve));
    }
  }

  /**
   * Starts V8's sampling heap profiler in the process, counting what is collected too: where the
   * allocations come from (the churn behind scavenges and major GCs), not only what stays.
   */
  async startAllocationProfile(intervalBytes = 16_384): Promise<void> {
    await this.#call("HeapProfiler.enable");
    await this.#call("HeapProfiler.startSampling", {
      samplingInterval: intervalBytes,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }

  /** Stops it and writes the samples to `file` (Chrome's .heapprofile: DevTools opens it). */
  async stopAllocationProfile(file: string): Promise<void> {
    const r = await this.#call("HeapProfiler.stopSampling", {}, 60_000);
    fs.writeFileSync(file, JSON.stringify(r.profile));
  }

  /** Starts V8's CPU profiler in the process, sampling every `intervalUs` microseconds. */
  async startCpuProfile(intervalUs = 250): Promise<void> {
    await this.#call("Profiler.enable");
    await this.#call("Profiler.setSamplingInterval", { interval: intervalUs });
    await this.#call("Profiler.start");
  }

  /** Stops the profiler and writes what it sampled to `file` (Chrome's .cpuprofile). */
  async stopCpuProfile(file: string): Promise<void> {
    const r = await this.#call("Profiler.stop", {}, 60_000);
    fs.writeFileSync(file, JSON.stringify(r.profile));
  }

  /**
   * Lets go of the process: whoever waits for an answer is told at once, but the socket stays open
   * until the process has answered every command sent on it (at most RETIRE_LIMIT_MS): Node's
   * inspector can crash (SIGSEGV) answering a session that closed while the command ran
   * (nodejs/node#18761, #27641), which killed the soak's nodes when the probe let go right after
   * a reading had started. Resolves when the socket is closed.
   */
  close(): Promise<void> {
    const conn = this.#conn;
    this.#conn = null;
    for (const fail of this.#waiting.values()) fail({ error: "closed" });
    this.#waiting.clear();
    if (!conn) return Promise.resolve();
    conn.retiring = true;
    if (conn.unanswered.size === 0) conn.ws.close();
    else setTimeout(() => conn.ws.terminate(), RETIRE_LIMIT_MS).unref();
    return conn.closed;
  }

  async #socket(): Promise<Connection> {
    if (this.#conn?.ws.readyState === WebSocket.OPEN) return this.#conn;
    if (this.#suspended) throw new Error("suspended");
    const targets = (await fetch(`http://127.0.0.1:${this.port}/json/list`, { signal: AbortSignal.timeout(5000) }).then((r) => r.json())) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
    });
    const conn: Connection = { ws, unanswered: new Set(), retiring: false, closed: new Promise((resolve) => ws.once("close", () => resolve())) };
    ws.on("message", (data) => {
      const msg = JSON.parse(String(data)) as {
        id?: number;
        method?: string;
        params?: Record<string, unknown>;
        result?: Record<string, unknown>;
        error?: unknown;
      };
      if (msg.id === undefined) {
        if (msg.method) this.#events.get(msg.method)?.(msg.params ?? {});
        return;
      }
      conn.unanswered.delete(msg.id);
      this.#waiting.get(msg.id)?.(msg);
      this.#waiting.delete(msg.id);
      if (conn.retiring && conn.unanswered.size === 0) ws.close();
    });
    ws.on("close", () => {
      if (this.#conn === conn) this.#conn = null;
    });
    ws.on("error", () => {});
    if (this.#suspended) {
      ws.close(); // nothing was sent on it
      throw new Error("suspended");
    }
    this.#conn = conn;
    return conn;
  }

  async #call(method: string, params?: Record<string, unknown>, timeoutMs = 20_000): Promise<Record<string, unknown>> {
    const { ws, unanswered } = await this.#socket();
    const id = this.#nextId++;
    const answer = new Promise<{ result?: Record<string, unknown>; error?: unknown }>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new Error(`${method}: no answer`));
      }, timeoutMs);
      this.#waiting.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    });
    unanswered.add(id);
    ws.send(JSON.stringify({ id, method, ...(params ? { params } : {}) }));
    const msg = await answer;
    if (msg.error) throw new Error(`${method}: ${JSON.stringify(msg.error)}`);
    return msg.result ?? {};
  }
}
