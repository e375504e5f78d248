// How a process's main thread spent a stretch of wall time (Linux /proc/<pid>/task/<pid>/schedstat:
// ns on a CPU, ns runnable but waiting for one). On a small shared machine a node can be runnable
// and kept off the CPUs by the processes it wakes (PostgreSQL, Redis, the load generator) and by its
// own helper threads: its events then wait though it has work to do, and no profile of the node
// shows why (docs/operations.md, « One buffer per broadcast »).
import fs from "node:fs";

interface Reading {
  atNs: bigint;
  onCpuNs: bigint;
  waitingNs: bigint;
}

function read(pid: number): Reading | null {
  try {
    const [on, waiting] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, "utf8").trim().split(/\s+/);
    return { atNs: process.hrtime.bigint(), onCpuNs: BigInt(on!), waitingNs: BigInt(waiting!) };
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** Starts watching `pid`'s main thread; the returned function tells its share of the wall time since, in %. */
export function runQueueShare(pid: number | undefined): () => { onCpuPct: number; waitingPct: number } | null {
  const start = pid === undefined ? null : read(pid);
  return () => {
    const end = start && read(pid!);
    if (!start || !end || end.atNs <= start.atNs) return null;
    const wall = Number(end.atNs - start.atNs);
    return { onCpuPct: (100 * Number(end.onCpuNs - start.onCpuNs)) / wall, waitingPct: (100 * Number(end.waitingNs - start.waitingNs)) / wall };
  };
}
