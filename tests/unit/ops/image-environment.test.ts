// The production image caps glibc's malloc arenas (a worker making page images: 532 → 422 MB at
// the same speed, docs/operations.md) and fixes its mmap threshold (argon2's 19 MB per sign-in
// returned to the kernel); the scripts that run the build "as deployed" (soak, chaos,
// bench:intake -- --build) take the same environment from the Dockerfile, so they cannot drift.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { imageEnvironment } from "../../../scripts/lib/cluster.ts";

describe("the production image's environment", () => {
  it("sets MALLOC_ARENA_MAX=2 for every process of the image", () => {
    const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
    const final = dockerfile.slice(dockerfile.lastIndexOf("\nFROM ")); // the runtime stage, not the build's
    expect(final).toMatch(/^ENV MALLOC_ARENA_MAX=2$/m);
    expect(final).toMatch(/^ENV MALLOC_MMAP_THRESHOLD_=4194304$/m);
  });

  it("is what a build run as deployed gets", () => {
    expect(imageEnvironment()).toEqual({ MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "4194304" });
  });
});
