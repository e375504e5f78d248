// Where a Node process's resident memory is, from its mappings (Linux /proc/PID/smaps): glibc's
// malloc arenas, V8's heap pages, V8's JIT code, mapped files, the rest. RSS minus V8's committed
// heap (the soak's "outside V8's heap") mixes the render threads' own heaps and JIT code with
// malloc's memory; the mappings tell them apart. By address and permissions, as glibc and V8 lay
// them out on x86-64 Linux:
//   - `[heap]` is malloc's main arena (brk); its other arenas are mmap'ed 64 MiB blocks, each
//     aligned to 64 MiB (HEAP_MAX_SIZE), read-write from their start and reserved (`---p`) after;
//   - V8 allocates its heap in 256 KiB pages aligned to 256 KiB (its large objects in multiples);
//   - V8's JIT code pages are anonymous and executable (`rwxp` in Node 20);
//   - anything else anonymous (thread stacks, blocks malloc mmaps whole, WebAssembly memory) is other.
import fs from "node:fs";

export interface MemoryMap {
  /** bytes of RSS in glibc's arenas (`[heap]` and the 64 MiB blocks) */
  mallocArenas: number;
  /** in V8's heap pages, every isolate's (the main thread's and each worker thread's) */
  v8Pages: number;
  /** in V8's executable pages: compiled code */
  jitCode: number;
  /** in mapped files (the node binary, shared libraries) */
  files: number;
  other: number;
}

export type MemoryKind = keyof MemoryMap;

/** Each kind's name in the soak's output; a Record, so a kind added to MemoryMap without a name does not compile. */
const KIND_NAMES: Record<MemoryKind, string> = {
  mallocArenas: "malloc's arenas",
  v8Pages: "V8's heap pages",
  jitCode: "JIT code",
  files: "files",
  other: "other",
};

/** Every kind, in the order the soak prints them, with its name there. */
export const MEMORY_KINDS = Object.entries(KIND_NAMES) as ReadonlyArray<readonly [MemoryKind, string]>;

const KiB = 1024;
const ARENA = 64 * 1024 * KiB;
const V8_PAGE = 256 * KiB;

interface Mapping {
  start: number;
  end: number;
  perms: string;
  name: string;
  rss: number;
}

function parse(smaps: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of smaps.split("\n")) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) (\S{4}) \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      out.push({ start: parseInt(head[1]!, 16), end: parseInt(head[2]!, 16), perms: head[3]!, name: head[4]!.trim(), rss: 0 });
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && out.length) out[out.length - 1]!.rss = Number(rss[1]) * KiB;
  }
  return out;
}

/** An anonymous read-write mapping that starts a 64 MiB block: alone, or followed by its reserved rest. */
function isArena(m: Mapping, next: Mapping | undefined): boolean {
  if (m.start % ARENA !== 0) return false;
  const size = m.end - m.start;
  if (size === ARENA) return true;
  return next !== undefined && next.start === m.end && next.perms === "---p" && next.name === "" && size + (next.end - next.start) === ARENA;
}

function kindOf(m: Mapping, next: Mapping | undefined): MemoryKind {
  if (m.name === "[heap]") return "mallocArenas";
  if (m.name.startsWith("/")) return "files";
  if (m.name !== "") return "other"; // [stack], [vdso], …
  if (m.perms.includes("x")) return "jitCode";
  if (isArena(m, next)) return "mallocArenas";
  if (m.start % V8_PAGE === 0 && (m.end - m.start) % V8_PAGE === 0) return "v8Pages";
  return "other";
}

/** The RSS of each kind of mapping in a smaps text. */
export function classifyMappings(smaps: string): MemoryMap {
  const maps = parse(smaps);
  const sum: MemoryMap = { mallocArenas: 0, v8Pages: 0, jitCode: 0, files: 0, other: 0 };
  maps.forEach((m, i) => {
    if (m.rss > 0) sum[kindOf(m, maps[i + 1])] += m.rss;
  });
  return sum;
}

/** null when the process is gone (or its mappings cannot be read). */
export function memoryMap(pid: number): MemoryMap | null {
  try {
    return classifyMappings(fs.readFileSync(`/proc/${pid}/smaps`, "utf8"));
  } catch {
    return null;
  }
}
