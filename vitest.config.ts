import { defineConfig } from "vitest/config";
import SlowFirstSequencer from "./tests/setup/slow-first-sequencer.ts";

const UNIT = ["tests/unit/**/*.test.ts"];

export default defineConfig({
  test: {
    root: ".",
    // Limits for a loaded 2-core machine (the suite runs two files at once, each may start a
    // server, a worker and Chromium): a wait states what it waits for, not how fast a quiet
    // machine is. expect.poll's default of 1 s failed the stapler e2e at load average ~20.
    // A browser test is a user's journey of 10–30 steps, each waiting on a loaded machine: at load
    // average 25 a green desk test took 45–55 s, so 60 s failed good tests (a limit only ends a hung one).
    testTimeout: 120_000,
    expect: { poll: { timeout: 20_000, interval: 100 } },
    hookTimeout: 60_000,
    pool: "forks",
    // every HTTP answer is checked against the contract (server/http/contract-route.ts)
    env: { KORRIGO_CONTRACT_CHECK: "1" },
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        // Pure functions and in-process components: no database, no server, no module-level
        // state between files, so the files of a worker share one module graph instead of
        // importing it again each (a third of the unit tests' CPU). docs/decisions.md.
        extends: true,
        test: { name: "unit", include: UNIT, isolate: false },
      },
      {
        // Servers, databases, browsers. The files of a worker share one module graph too: each
        // server builds its own state (authenticator, metrics, caches) and each file its own
        // database, so importing everything again per file only cost time. docs/decisions.md.
        extends: true,
        test: {
          isolate: false,
          name: "integration",
          include: ["tests/**/*.test.ts", "collab/**/*.test.ts", "server/**/*.test.ts"],
          exclude: UNIT,
          globalSetup: ["tests/setup/global-setup.ts"],
        },
      },
    ],
  },
});
