// The cluster's logs live in its data directory, which a soak deletes at the end: when a process
// crashed (or the run failed), they are copied out first and the crashed processes' last lines
// printed, so the cause can be read after the run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const TAIL_LINES = 30;

/** The last `n` lines of a file (the whole of a short one; none of a missing one). */
function tail(file: string, n: number): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return [];
  }
  return text.trimEnd().split("\n").slice(-n);
}

/**
 * Copies `dataDir/logs` to a directory of its own under the system's temporary directory and prints
 * the tail of each crashed process's log (`server-2 (restart)` reads `server-2.log`). Returns where
 * the logs were kept, or null when there were none.
 */
export function keepLogs(dataDir: string, crashed: readonly string[], log: (m: string) => void, into = os.tmpdir()): string | null {
  const logs = path.join(dataDir, "logs");
  if (!fs.existsSync(logs)) return null;
  const kept = fs.mkdtempSync(path.join(into, "korrigo-soak-logs-"));
  fs.cpSync(logs, kept, { recursive: true });
  log(`the cluster's logs are kept in ${kept}`);
  for (const name of new Set(crashed.map((c) => c.split(" ")[0]!))) {
    const lines = tail(path.join(kept, `${name}.log`), TAIL_LINES);
    log(`last ${lines.length} lines of ${name}.log:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  }
  return kept;
}
