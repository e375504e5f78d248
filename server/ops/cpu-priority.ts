// A worker yields the CPU to the server nodes. Its jobs (page images, renders, scan splitting,
// compaction, e-mail) are background work, while a node's event loop answers graders' strokes
// within tens of milliseconds; on a school's single machine (docker/compose.prod.yml puts three
// nodes, the worker, PostgreSQL and Redis on one host) a burst of jobs took the CPU the nodes
// needed (bench:load, 2,000 watchers: a burst of ~100 compactions held fan-out p99 at 250-600 ms
// for seconds). The worker lowers its own priority (a higher nice value needs no privilege): idle
// CPU still goes to its jobs, a busy machine serves the nodes first.
// Linux keeps a nice value per thread: every thread the process has is set, and the threads it
// makes later (raster, render and libuv threads) inherit it from the thread that makes them.
import fs from "node:fs";
import os from "node:os";

/** Sets `nice` on every thread of this process (never lowers a nicer one); answers the threads set. */
export function lowerCpuPriority(nice: number): number {
  if (nice <= 0) return 0;
  let tids: number[];
  try {
    tids = fs.readdirSync("/proc/self/task").map(Number);
  } catch {
    tids = [0]; // no /proc (not Linux): the process as a whole
  }
  let set = 0;
  for (const tid of tids) {
    try {
      if (os.getPriority(tid) >= nice) continue;
      os.setPriority(tid, nice);
      set++;
    } catch {
      // a thread that ended meanwhile
    }
  }
  return set;
}
