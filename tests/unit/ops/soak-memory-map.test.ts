// Where a process's resident memory is, by kind of mapping: the soak tells a climb of malloc's
// arenas from a worker thread's V8 heap or from JIT code, which RSS minus the main heap mixes.
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { classifyMappings, memoryMap } from "../../../scripts/soak/lib/memory-map.ts";
import { summarize } from "../../../scripts/soak/lib/report.ts";
import type { Point } from "../../../scripts/soak/lib/sampler.ts";

const MB = 2 ** 20;
const hex = (n: number) => n.toString(16).padStart(12, "0");
/** One smaps entry: the header line, then the fields the classifier reads and one it does not. */
const entry = (start: number, size: number, perms: string, name: string, rssKb: number) =>
  `${hex(start)}-${hex(start + size)} ${perms} 00000000 00:00 0${name ? `    ${name}` : ""}\nSize: ${size / 1024} kB\nRss: ${rssKb} kB\nPss: ${rssKb} kB\n`;

const rssMbNow = () => Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync("/proc/self/status", "utf8"))![1]) / 1024;
const sumMb = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0) / MB;

describe("soak memory map", () => {
  it("sorts mappings into malloc's arenas, V8's pages, JIT code, files and the rest", () => {
    const arena = 0x7f0000000000; // 64 MiB-aligned: read-write 8 MiB, then the block's reserved rest
    const smaps = [
      entry(0x55d000000000, 4 * MB, "rw-p", "[heap]", 3000),
      entry(arena, 8 * MB, "rw-p", "", 6000),
      entry(arena + 8 * MB, 56 * MB, "---p", "", 0),
      entry(0x3a0000040000, 256 * 1024, "rw-p", "", 256), // a V8 page
      entry(0x3a0000080000, 1024 * 1024, "rw-p", "", 1024), // a large object: 4 pages
      entry(0x7f0652203000, 240 * 1024, "rwxp", "", 200), // JIT code
      entry(0x7f0652200000, 8 * 1024, "rw-p", "", 8), // its page header: not page-aligned in size
      entry(0x7f0700000000, 8 * MB, "rw-p", "", 6), // 64 MiB-aligned, no reserved rest: not an arena (V8 pages by its alignment)
      entry(0x7f0700801000, 8 * MB, "rw-p", "", 100), // a thread's stack
      entry(0x7f0800001000, 4 * MB, "rw-p", "", 50), // a block malloc mmapped whole
      entry(0x7f0900000000, 90 * MB, "r-xp", "/usr/bin/node", 40_000),
      entry(0x7ffd00000000, 132 * 1024, "rw-p", "[stack]", 40),
    ].join("");
    expect(classifyMappings(smaps)).toEqual({
      mallocArenas: (3000 + 6000) * 1024,
      v8Pages: (256 + 1024 + 6) * 1024,
      jitCode: 200 * 1024,
      files: 40_000 * 1024,
      other: (8 + 100 + 50 + 40) * 1024,
    });
  });

  it("accounts for this process's whole RSS, and a worker thread's heap shows in V8's pages", async () => {
    const before = memoryMap(process.pid)!;
    expect(Math.abs(sumMb({ ...before }) - rssMbNow())).toBeLessThan(10);
    expect(before.v8Pages).toBeGreaterThan(4 * MB);
    expect(before.jitCode).toBeGreaterThan(0);
    expect(before.files).toBeGreaterThan(10 * MB);
    // a thread that keeps 30 MB of small objects: its isolate's pages, not malloc's
    const w = new Worker(
      "const keep = []; for (let i = 0; i < 600_000; i++) keep.push({ i, s: 'x' + i }); require('node:worker_threads').parentPort.postMessage(keep.length); setInterval(() => keep.length, 1000);",
      { eval: true },
    );
    try {
      await new Promise((resolve) => w.once("message", resolve));
      const during = memoryMap(process.pid)!;
      expect(during.v8Pages - before.v8Pages).toBeGreaterThan(20 * MB);
    } finally {
      await w.terminate();
    }
  });

  it("is null for a process that is gone", () => {
    expect(memoryMap(2 ** 22 + 12345)).toBeNull();
  });

  it("reports each kind's level at the middle of the run and at its end", () => {
    const points: Point[] = Array.from({ length: 40 }, (_, i) => ({
      t: i * 5000,
      pid: 1,
      rss: 300 * MB,
      fds: 40,
      sockets: 10,
      pgConns: 3,
      ...(i % 2 === 0 ? { map: { mallocArenas: 50 * MB, v8Pages: (80 + i) * MB, jitCode: 10 * MB, files: 50 * MB, other: 20 * MB } } : {}),
    }));
    const s = summarize("worker", points, true, 30_000)!;
    expect(s.map?.v8Pages).toEqual({ startMb: 100, endMb: 118 });
    expect(s.map?.mallocArenas).toEqual({ startMb: 50, endMb: 50 });
    expect(
      summarize(
        "worker",
        points.map(({ map: _, ...p }) => p),
        true,
        30_000,
      )!.map,
    ).toBeNull();
  });
});
