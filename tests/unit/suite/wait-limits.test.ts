// The suite's own rules for waiting, read from the test sources (CI failed once on a poll that
// relied on a 1 s default at load average ~20, and the file's next tests then timed out on the
// page it left behind):
// - every expect.poll states its limit, at least 10 s (the load of a shared 2-core machine);
// - a Playwright wait (waitFor, waitForURL, waitForEvent…) that states a limit states 10 s or
//   more; one that does not inherits the limits newPage() sets on every test context;
// - browser contexts come from newPage(), so those limits apply; no fixed sleeps in a page.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCalls, statesTimeout, type WaitCall } from "../../helpers/wait-calls.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const MIN_MS = 10_000;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "fixtures" ? [] : sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

const files = sources(ROOT).map((f) => ({ rel: path.relative(ROOT, f), src: fs.readFileSync(f, "utf8") }));
const e2e = files.filter((f) => f.rel.startsWith("e2e/"));
const where = (rel: string, c: WaitCall) => `tests/${rel}:${c.line}: ${c.text.replace(/\s+/g, " ").slice(0, 120)}`;

/** The literal limit of a call's options, in ms (null: none or not a literal). */
function limitMs(c: WaitCall): number | null {
  for (const a of c.args) {
    const m = /^\{[\s\S]*\btimeout\s*:\s*([\d_]+)\s*[,}]/.exec(a);
    if (m) return Number(m[1]!.replace(/_/g, ""));
  }
  return null;
}

describe("waits in the test suite", () => {
  it("finds the sources", () => {
    expect(e2e.length).toBeGreaterThan(5);
  });

  it("states the limit of every expect.poll, at least 10 s", () => {
    const bad: string[] = [];
    for (const f of files) {
      if (f.rel === "unit/suite/wait-limits.test.ts") continue;
      for (const c of findCalls(f.src, "expect.poll")) {
        const ms = limitMs(c);
        if (!statesTimeout(c) || (ms !== null && ms < MIN_MS)) bad.push(where(f.rel, c));
      }
    }
    expect(bad, "give each expect.poll(fn, { timeout: 20_000 }) (30_000 for rendering: thumbnails, pdf.js, images)").toEqual([]);
  });

  it("gives Playwright waits that state a limit at least 10 s", () => {
    const bad: string[] = [];
    for (const f of e2e) {
      for (const callee of [
        ".waitFor",
        ".waitForURL",
        ".waitForEvent",
        ".waitForResponse",
        ".waitForRequest",
        ".waitForSelector",
        ".waitForLoadState",
        ".waitForFunction",
      ]) {
        for (const c of findCalls(f.src, callee)) {
          const ms = limitMs(c);
          if (ms !== null && ms < MIN_MS) bad.push(where(f.rel, c));
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("creates browser contexts through newPage() (which sets their limits) and never sleeps a fixed time in a page", () => {
    const bad: string[] = [];
    for (const f of e2e) {
      if (f.rel.startsWith("e2e/support/")) continue;
      for (const c of findCalls(f.src, ".newContext")) bad.push(where(f.rel, c));
      for (const c of findCalls(f.src, ".waitForTimeout")) bad.push(where(f.rel, c));
    }
    expect(bad, "use newPage(browser, url) from tests/e2e/support/browser.ts; wait for what the user sees, not for time").toEqual([]);
  });
});

describe("the call finder", () => {
  it("reads nested calls, strings and options", () => {
    const src = 'await expect.poll(() => f(a, `x${g(1)}`), { interval: 50, timeout: 9000 }).toBe(1);\nexpect.poll(() => ")");';
    const [a, b] = findCalls(src, "expect.poll");
    expect(a!.args).toEqual(["() => f(a, `x${g(1)}`)", "{ interval: 50, timeout: 9000 }"]);
    expect(statesTimeout(a!)).toBe(true);
    expect(limitMs(a!)).toBe(9000);
    expect(b!.line).toBe(2);
    expect(statesTimeout(b!)).toBe(false);
  });
});
