// The order files start in. Two files run at once; the run ends when the last one does, so the
// long ones must start first or one worker idles while the other finishes a browser journey.
// Vitest orders by the durations it cached from an earlier run, but a fresh clone (CI) has no
// cache and falls back to file size, which put the 38 s cluster test last (alone for its whole
// length). Here: browser journeys first, then the integration files known to be long, then the
// other integration files, then unit tests; within a group, Vitest's own order (cached durations,
// else size). The list is a hint: a renamed or missing file only loses its place.
import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

const LONG_INTEGRATION = new Set(
  [
    "intake-variant",
    "booklets-scan",
    "page-images",
    "intake-split-worker",
    "booklets-extra-sheets",
    "oidc-sign-in",
    "render-finalize",
    "cluster-chaos",
    "intake-access",
    "access-matrix",
    "exports-marks",
    "page-images-bad-input",
    "results-access",
    "embedded-start-recover",
  ].map((name) => `tests/integration/${name}.test.ts`),
);

export function weight(relPath: string): number {
  const p = relPath.split(path.sep).join("/");
  if (p.startsWith("tests/e2e/")) return 3;
  if (LONG_INTEGRATION.has(p)) return 2;
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
