// Peak resident memory of a process tree, sampled from /proc (Linux): per process (VmHWM, the
// kernel's own high-water mark) and for the whole tree at one instant (sum of VmRSS).
import fs from "node:fs";

export interface ProcPeak {
  pid: number;
  label: string;
  peakMb: number;
}

const kb = (status: string, key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function tree(root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...childrenOf(out[i]!));
  return out;
}

export class MemorySampler {
  private readonly peaks = new Map<number, ProcPeak>();
  private readonly names = new Map<number, string>();
  private treePeakKb = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly roots: Array<{ pid: number; label: string }>,
    private readonly labelOf: (cmdline: string) => string | null = () => null,
  ) {}

  start(everyMs = 50): void {
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  sample(): void {
    let sum = 0;
    for (const root of this.roots) {
      for (const pid of tree(root.pid)) {
        let status: string;
        let cmd = "";
        try {
          status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
          cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
        } catch {
          continue; // exited meanwhile
        }
        sum += kb(status, "VmRSS");
        const prev = this.peaks.get(pid);
        const named = pid === root.pid ? root.label : this.labelOf(cmd);
        if (named) this.names.set(pid, named); // a dying process shows an empty command line
        const label = this.names.get(pid) ?? `${root.label} child`;
        const peak = kb(status, "VmHWM") / 1024;
        this.peaks.set(pid, { pid, label, peakMb: Math.max(prev?.peakMb ?? 0, peak) });
      }
    }
    this.treePeakKb = Math.max(this.treePeakKb, sum);
  }

  stop(): { processes: ProcPeak[]; treePeakMb: number } {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return { processes: [...this.peaks.values()], treePeakMb: this.treePeakKb / 1024 };
  }
}

/** This process's own peak (VmHWM). */
export function selfPeakMb(): number {
  return kb(fs.readFileSync("/proc/self/status", "utf8"), "VmHWM") / 1024;
}
