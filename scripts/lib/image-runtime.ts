// How the production image runs a process (docker/Dockerfile): its environment and its Node options.
// The scripts that run the build "as deployed" (soak, chaos, bench:intake -- --build) read them from
// the Dockerfile, so they cannot drift from it.
import fs from "node:fs";
import path from "node:path";

const DOCKERFILE = path.resolve(import.meta.dirname, "../../docker/Dockerfile");

/**
 * What the production image's environment gives every process beyond the app's settings
 * (docker/Dockerfile's `ENV MALLOC_…` lines: glibc's allocator): a build run as deployed gets it too.
 */
export function imageEnvironment(): Record<string, string> {
  const dockerfile = fs.readFileSync(DOCKERFILE, "utf8");
  return Object.fromEntries([...dockerfile.matchAll(/^ENV (MALLOC_[A-Z_]+)=(\d+)$/gm)].map((m) => [m[1]!, m[2]!]));
}

/**
 * The Node options the production image starts every process with (docker/Dockerfile's `CMD`, the
 * options between `node` and the entry): a build run as deployed gets them too.
 */
export function imageNodeFlags(): string[] {
  const dockerfile = fs.readFileSync(DOCKERFILE, "utf8");
  const cmd = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)].at(-1);
  if (!cmd) throw new Error("docker/Dockerfile has no CMD [...] line");
  const argv = JSON.parse(cmd[1]!) as string[];
  return argv.slice(1).filter((a) => a.startsWith("--"));
}

/**
 * The options a benchmark gives Korrigo's nodes: the image's, as deployed; `--node-defaults` for
 * Node's own. `--node-flags="--trace-gc …"` adds options for a diagnosis (their output goes where
 * the benchmark sends the node's: bench:load's cluster logs).
 */
export function benchNodeFlags(argv: readonly string[] = process.argv): string[] {
  const extra =
    argv
      .find((a) => a.startsWith("--node-flags="))
      ?.slice("--node-flags=".length)
      .split(/\s+/)
      .filter(Boolean) ?? [];
  return [...(argv.includes("--node-defaults") ? [] : imageNodeFlags()), ...extra];
}
