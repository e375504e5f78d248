// What the kernel says about one process (Linux /proc): resident memory, open file descriptors,
// and among them the TCP sockets, split by the remote port (PostgreSQL's connections).
import fs from "node:fs";

export interface ProcStats {
  rssBytes: number;
  fds: number;
  sockets: number;
  /** TCP connections to the given remote port (PostgreSQL's) */
  pgConns: number;
  /** the process's threads (a worker thread of Node's adds several, with a V8 heap of its own) */
  threads: number;
}

/** socket inode → remote port, for every TCP socket of this machine's network namespace. */
function tcpRemotePorts(): Map<string, number> {
  const out = new Map<string, number>();
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const remote = cols[2]!; // hexaddr:hexport
      out.set(cols[9]!, parseInt(remote.slice(remote.lastIndexOf(":") + 1), 16));
    }
  }
  return out;
}

/** null when the process is gone. */
export function procStats(pid: number, pgPort: number, ports = tcpRemotePorts()): ProcStats | null {
  let status: string;
  let fds: string[];
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  let sockets = 0;
  let pgConns = 0;
  for (const fd of fds) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    const m = /^socket:\[(\d+)\]$/.exec(target);
    if (!m) continue;
    sockets++;
    if (ports.get(m[1]!) === pgPort) pgConns++;
  }
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  return { rssBytes: rssKb * 1024, fds: fds.length, sockets, pgConns, threads };
}

export { tcpRemotePorts };
