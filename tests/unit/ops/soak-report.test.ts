// The soak's arithmetic: growth fitted on the floors of GC saw-teeth over the second half, the
// worst steady process, and the Prometheus text it reads.
import { describe, expect, it } from "vitest";
import { growthFit, growthPctPerHour, linearFit, quantile, windowFloors } from "../../../scripts/soak/lib/growth.ts";
import { parseMetrics } from "../../../scripts/soak/lib/metrics-text.ts";
import { summarize, verdict } from "../../../scripts/soak/lib/report.ts";
import type { Point } from "../../../scripts/soak/lib/sampler.ts";

const MIN = 60_000;

describe("soak growth", () => {
  it("fits a line exactly", () => {
    const fit = linearFit([0, 1, 2, 3].map((t) => ({ t, v: 5 + 2 * t })))!;
    expect(fit.slope).toBeCloseTo(2);
    expect(fit.intercept).toBeCloseTo(5);
    expect(linearFit([{ t: 1, v: 1 }])).toBeNull();
  });

  it("reads a flat saw-tooth (allocation then collection) as no growth", () => {
    // 30 minutes, a sample every 5 s, heap climbing 100 → 140 MB then collected, every 40 s
    const points = Array.from({ length: 360 }, (_, i) => ({ t: i * 5000, v: 100 + (i % 8) * 5 }));
    expect(Math.abs(growthPctPerHour(points, MIN)!)).toBeLessThan(1);
  });

  it("reads a slow leak under the saw-tooth: +10 MB an hour on 100 MB is ~10 % per hour", () => {
    const points = Array.from({ length: 360 }, (_, i) => ({ t: i * 5000, v: 100 + (i * 5000 * 10) / 3_600_000 + (i % 8) * 5 }));
    const g = growthPctPerHour(points, MIN)!;
    expect(g).toBeGreaterThan(8);
    expect(g).toBeLessThan(11);
  });

  it("gives the 95 % interval of the growth: narrow on a clean line, wide enough to hold the truth on a noisy flat level", () => {
    const line = Array.from({ length: 360 }, (_, i) => ({ t: i * 5000, v: 100 + (i * 5000 * 10) / 3_600_000 }));
    expect(growthFit(line, MIN)!.ci95).toBeLessThan(0.01);
    // flat at 70 MB with a ±1 MB swing of the working set (deterministic pseudo-noise): one figure says little, the interval says so
    const noisy = Array.from({ length: 360 }, (_, i) => ({ t: i * 5000, v: 70 + Math.sin(i * 1.7) * Math.cos(i * 0.37) }));
    const g = growthFit(noisy, MIN)!;
    expect(Math.abs(g.pctPerHour)).toBeLessThan(g.ci95); // the interval holds 0, the true growth
    expect(g.ci95).toBeGreaterThan(0.4); // 15 minutes of such samples cannot show the 0.4 %/h goal
  });

  it("ignores the warm-up of the first half", () => {
    const points = Array.from({ length: 100 }, (_, i) => ({ t: i * 1000, v: i < 50 ? i * 10 : 500 }));
    expect(growthPctPerHour(points, 5000)).toBeCloseTo(0);
  });

  it("takes each window's minimum", () => {
    expect(
      windowFloors(
        [
          { t: 0, v: 3 },
          { t: 1, v: 1 },
          { t: 10, v: 7 },
          { t: 11, v: 8 },
          { t: 16, v: 9 },
        ],
        10,
      ),
    ).toEqual([
      { t: 5, v: 1 },
      { t: 15, v: 7 },
    ]);
  });

  it("leaves out a last window its samples cover for less than half its length", () => {
    const floors = (last: number) =>
      windowFloors(
        [
          { t: 0, v: 3 },
          { t: 9, v: 4 },
          { t: 10, v: 7 },
          { t: 19, v: 8 },
          { t: last, v: 20 },
        ],
        10,
      );
    expect(floors(21)).toEqual([
      { t: 5, v: 3 },
      { t: 15, v: 7 },
    ]);
    expect(floors(24)).toHaveLength(2);
    // half a window or more: a window like the others
    expect(floors(25)).toEqual([
      { t: 5, v: 3 },
      { t: 15, v: 7 },
      { t: 25, v: 20 },
    ]);
  });

  it("does not read a run's last sample, alone in its window and higher than the floors, as growth", () => {
    // 30 minutes flat at 100 MB with samples every 5 s swinging up to +10 MB; the run's last sample, 15 s after the one before, at +8 MB
    const points = Array.from({ length: 360 }, (_, i) => ({ t: i * 5000, v: 100 + ((i * 7) % 11) }));
    points.push({ t: 1_810_000, v: 108 }); // the second half's windows start at 905 s: this one is alone in [1805 s, 1865 s)
    expect(Math.abs(growthPctPerHour(points, MIN)!)).toBeLessThan(0.5);
  });

  it("quantiles by nearest rank", () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([5, 1, 3, 2, 4], 0.99)).toBe(5);
    expect(Number.isNaN(quantile([], 0.5))).toBe(true);
  });
});

describe("soak report", () => {
  const pts = (rssMb: (i: number) => number): Point[] =>
    Array.from({ length: 60 }, (_, i) => ({
      t: i * 5000,
      pid: 1,
      rss: rssMb(i) * 2 ** 20,
      fds: 40,
      sockets: 10,
      pgConns: 3,
      heap: 50 * 2 ** 20,
      lagP99Ms: 10 + (i % 3),
    }));

  it("keeps the worst steady process and leaves a restarted one out of the verdict", () => {
    const flat = summarize(
      "server-1",
      pts(() => 300),
      true,
      30_000,
    )!;
    const restarted = summarize(
      "server-2",
      pts((i) => 100 + i * 10),
      false,
      30_000,
    )!;
    expect(flat.rssGrowthPctPerHour).toBeCloseTo(0);
    expect(restarted.rssGrowthPctPerHour).toBeGreaterThan(100);
    const v = verdict([flat, restarted]);
    expect(v.rssGrowthPctPerHour).toBeCloseTo(0);
    expect(v.lagP99Ms).toBe(11);
    expect(flat.fdsEnd).toBe(40);
  });

  it("tells V8's compiled code apart: a live heap growing only by its code grows 0 %/h without it", () => {
    // 40 minutes, a live heap sample every 5 s: 60 MB of objects, flat, plus code growing 2 → 3 MB
    const points: Point[] = Array.from({ length: 480 }, (_, i) => {
      const code = (2 + i / 480) * 2 ** 20;
      return { t: i * 5000, pid: 1, rss: 300 * 2 ** 20, fds: 40, sockets: 10, pgConns: 3, liveHeap: 60 * 2 ** 20 + code, liveCode: code };
    });
    const s = summarize("server-1", points, true, 80_000)!;
    expect(s.heapGrowthPctPerHour).toBeGreaterThan(1); // the code's MB an hour, on ~62 MB
    expect(Math.abs(s.heapNoCodeGrowthPctPerHour!)).toBeLessThan(0.05);
    expect(s.codeStartMb).toBeCloseTo(2.5, 1);
    expect(s.codeEndMb).toBeCloseTo(3, 1);
  });

  it("tells V8's bytecode and metadata apart too: a live heap growing by its code and the code's metadata grows 0 %/h without them", () => {
    // 40 minutes: 60 MB of objects, flat; code 2 → 3 MB in the code spaces, and in old space its metadata 1 → 1.5 MB
    const points: Point[] = Array.from({ length: 480 }, (_, i) => {
      const code = (2 + i / 480) * 2 ** 20;
      const metadata = (1 + i / 960) * 2 ** 20;
      return {
        t: i * 5000,
        pid: 1,
        rss: 300 * 2 ** 20,
        fds: 40,
        sockets: 10,
        pgConns: 3,
        liveHeap: 60 * 2 ** 20 + code + metadata,
        liveCode: code,
        liveJit: code + metadata,
      };
    });
    const s = summarize("server-1", points, true, 80_000)!;
    expect(s.heapNoCodeGrowthPctPerHour).toBeGreaterThan(0.5); // the metadata's 0.75 MB an hour, on ~62 MB
    expect(Math.abs(s.heapNoJitGrowthPctPerHour!)).toBeLessThan(0.05);
    const v = verdict([s]);
    expect(v.heapGrowthPctPerHour).toBeGreaterThan(1); // the headline keeps V8's code
    expect(Math.abs(v.heapNoJitGrowthPctPerHour)).toBeLessThan(0.05); // the RESULT's nojit figure does not
    expect(s.jitStartMb).toBeCloseTo(3.75, 1);
    expect(s.jitEndMb).toBeCloseTo(4.5, 1);
  });

  it("splits the RSS: V8's young generation stepping between two sizes moves the RSS, not the memory outside V8's heap", () => {
    // 30 minutes: 120 MB of native memory, flat; V8's heap 80 MB committed, its young generation 8 MB, or 32 MB in
    // minutes 5–10 and from minute 22.5 to the end — the RSS's fit reads growth, the native part's none
    const points: Point[] = Array.from({ length: 360 }, (_, i) => {
      const young = ((i >= 60 && i < 120) || i >= 270 ? 32 : 8) * 2 ** 20;
      const committed = 80 * 2 ** 20 + young;
      const threads = i >= 300 ? 14 : 12;
      return { t: i * 5000, pid: 1, rss: 120 * 2 ** 20 + committed, fds: 40, sockets: 10, pgConns: 3, threads, v8Committed: committed, newSpace: young };
    });
    const s = summarize("worker", points, true, 60_000)!;
    expect([s.threadsMin, s.threadsMax]).toEqual([12, 14]);
    expect(Math.abs(s.rssGrowthPctPerHour!)).toBeGreaterThan(5);
    expect(Math.abs(s.nativeGrowthPctPerHour!)).toBeLessThan(0.05);
    expect(s.nativeStartMb).toBeCloseTo(120, 5);
    expect(s.newSpaceMinMb).toBe(8);
    expect(s.newSpaceMaxMb).toBe(32);
  });

  it("has no native figures for a process whose inspector never answered", () => {
    const points: Point[] = Array.from({ length: 20 }, (_, i) => ({ t: i * 5000, pid: 1, rss: 2 ** 27, fds: 1, sockets: 0, pgConns: 0 }));
    const s = summarize("worker", points, true, 10_000)!;
    expect(s.nativeEndMb).toBeNull();
    expect(s.nativeGrowthPctPerHour).toBeNull();
    expect(s.newSpaceMaxMb).toBeNull();
    expect(s.threadsMax).toBeNull();
  });
});

describe("prometheus text", () => {
  it("reads the wanted names, labelled or not, and skips comments", () => {
    const text = `# HELP x\n# TYPE x gauge\nkorrigo_process_nodejs_heap_size_used_bytes 1234\nkorrigo_sockets_connected 7\nkorrigo_process_nodejs_heap_space_size_used_bytes{space="old"} 99\nother 1\n`;
    const m = parseMetrics(text, [
      "korrigo_process_nodejs_heap_size_used_bytes",
      "korrigo_sockets_connected",
      "korrigo_process_nodejs_heap_space_size_used_bytes",
      "missing",
    ]);
    expect(Object.fromEntries(m)).toEqual({
      korrigo_process_nodejs_heap_size_used_bytes: 1234,
      korrigo_sockets_connected: 7,
      korrigo_process_nodejs_heap_space_size_used_bytes: 99,
    });
  });
});
