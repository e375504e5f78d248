import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: ".",
    include: ["tests/**/*.test.ts", "collab/**/*.test.ts", "server/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    // Limits for a loaded 2-core machine (the suite runs two files at once, each may start a
    // server, a worker and Chromium): a wait states what it waits for, not how fast a quiet
    // machine is. expect.poll's default of 1 s failed the stapler e2e at load average ~20.
    testTimeout: 60_000,
    expect: { poll: { timeout: 20_000, interval: 100 } },
    hookTimeout: 60_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
