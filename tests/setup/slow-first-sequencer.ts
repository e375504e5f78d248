// The order files start in. Two files run at once; the run ends when the last one does, so the
// long ones must start first or one worker idles while the other finishes a browser journey.
// Vitest orders by the durations it cached from an earlier run, but a fresh clone (CI) has no
// cache and falls back to file size, which put the 38 s cluster test last (alone for its whole
// length). Here: browser journeys first, then the integration files known to be long (longest first), then the
// other integration files, then unit tests; within a group, Vitest's own order (cached durations,
// else size). tests/unit/suite/test-order.test.ts keeps the list naming files that exist.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

// longest first (seconds of a quiet full run on the 2-core machine, 2026-12-03)
export const LONG_INTEGRATION = [
  "cluster-chaos", // 36
  "cluster-grading", // 22
  "page-images-bad-input", // 20
  "production-build", // 20
  "intake-split-worker", // 20
  "intake-variant",
  "booklets-scan",
  "notices-worker-crash", // 16
  "login-throttle-policy", // 16
  "page-images",
  "backup-restore", // 15
  "oidc-sign-in",
  "render-finalize",
  "realtime-lock-lease", // 12
  "worker-process", // 11
  "realtime-session-expiry", // 11
  "results-access", // 11
  "password-and-sessions", // 10
  "realtime-crash-durability", // 10
  "access-matrix", // 10
  "embedded-start-recover", // 10
  "render-recovery", // 9.5
  "booklets-extra-sheets", // 9.5
].map((name) => `tests/integration/${name}.test.ts`);

export function weight(relPath: string): number {
  const p = relPath.split(path.sep).join("/");
  if (p.startsWith("tests/e2e/")) return 3;
  const long = LONG_INTEGRATION.indexOf(p);
  if (long >= 0) return 2 + (LONG_INTEGRATION.length - long) / (LONG_INTEGRATION.length + 1);
  if (p.startsWith("tests/integration/")) return 1;
  return 0;
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const base = await super.sort(files);
    const root = this.ctx.config.root;
    return base
      .map((spec, i) => ({ spec, i, w: weight(path.relative(root, spec.moduleId)) }))
      .sort((a, b) => b.w - a.w || a.i - b.i)
      .map((x) => x.spec);
  }
}
