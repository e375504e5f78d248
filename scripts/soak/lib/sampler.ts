// Samples every process of the cluster every few seconds: RSS, open file descriptors, sockets and
// PostgreSQL connections from /proc; heap used, event-loop lag p99 (since the previous scrape:
// prom-client resets its histogram at each collection) and connected clients from /metrics.
import type { HeapProbe } from "./heap-probe.ts";
import { type MemoryMap, memoryMap } from "./memory-map.ts";
import { parseMetrics } from "./metrics-text.ts";
import { procStats, tcpRemotePorts } from "./proc-stats.ts";

export interface Watched {
  label: string;
  pid(): number | undefined;
  /** the process's /metrics, when it serves one */
  metricsUrl?: string;
  /** its inspector: live heap after a forced full GC */
  heap?: HeapProbe;
}

export interface Point {
  /** ms since the start of the run */
  t: number;
  pid: number;
  rss: number;
  fds: number;
  sockets: number;
  pgConns: number;
  threads?: number;
  /** heap used as /metrics saw it (between collections) */
  heap?: number;
  /** heap used right after a full GC (the inspector), every few samples */
  liveHeap?: number;
  /** of liveHeap, V8's code spaces (compiled functions) */
  liveCode?: number;
  /** of liveHeap, what V8 holds to run the functions: code and bytecode with their metadata (heap-probe.ts) */
  liveJit?: number;
  /** V8's heap as committed from the system (before the forced GC, beside this point's RSS), and of it the young generation */
  v8Committed?: number;
  newSpace?: number;
  lagP99Ms?: number;
  clients?: number;
  /** the RSS by kind of mapping (malloc's arenas, V8's heap pages, JIT code, files, other), with every live-heap reading */
  map?: MemoryMap;
}

const M = {
  heap: "korrigo_process_nodejs_heap_size_used_bytes",
  lag: "korrigo_process_nodejs_eventloop_lag_p99_seconds",
  clients: "korrigo_sockets_connected",
} as const;

export class Sampler {
  readonly series = new Map<string, Point[]>();
  readonly #t0 = Date.now();
  #count = 0;
  readonly #probing = new Set<string>();

  /** liveHeapEvery: force a GC and read the live heap at every n-th sample (a full GC costs the process some CPU) */
  constructor(
    private readonly procs: Watched[],
    private readonly pgPort: number,
    private readonly liveHeapEvery = 3,
  ) {
    for (const p of procs) this.series.set(p.label, []);
  }

  async sample(): Promise<void> {
    const ports = tcpRemotePorts();
    const live = this.#count++ % this.liveHeapEvery === 0;
    await Promise.all(
      this.procs.map(async (p) => {
        const pid = p.pid();
        if (!pid) return;
        const stats = procStats(pid, this.pgPort, ports);
        if (!stats) return;
        const point: Point = {
          t: Date.now() - this.#t0,
          pid,
          rss: stats.rssBytes,
          fds: stats.fds,
          sockets: stats.sockets,
          pgConns: stats.pgConns,
          threads: stats.threads,
        };
        if (live) {
          const map = memoryMap(pid);
          if (map) point.map = map;
        }
        if (p.metricsUrl) {
          const text = await fetch(p.metricsUrl, { signal: AbortSignal.timeout(5000) }).then(
            (r) => (r.ok ? r.text() : ""),
            () => "",
          );
          const m = parseMetrics(text, Object.values(M));
          if (m.has(M.heap)) point.heap = m.get(M.heap)!;
          if (m.has(M.lag)) point.lagP99Ms = m.get(M.lag)! * 1000;
          if (m.has(M.clients)) point.clients = m.get(M.clients)!;
        }
        this.series.get(p.label)!.push(point);
        // in the background: a GC on a loaded process can take seconds, the sampling goes on
        if (live && p.heap && !this.#probing.has(p.label)) {
          this.#probing.add(p.label);
          void p.heap.liveHeap().then((live) => {
            this.#probing.delete(p.label);
            if (live === null) return;
            point.liveHeap = live.used;
            if (live.code !== null) point.liveCode = live.code;
            if (live.jit !== null) point.liveJit = live.jit;
            if (live.v8 !== null) {
              point.v8Committed = live.v8.committed;
              point.newSpace = live.v8.newSpace;
            }
          });
        }
      }),
    );
  }

  /** The points of the process's current incarnation (a restarted node starts a new series). */
  current(label: string): Point[] {
    const all = this.series.get(label) ?? [];
    const last = all[all.length - 1];
    return last ? all.filter((p) => p.pid === last.pid) : [];
  }
}
