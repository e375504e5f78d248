// The production image caps glibc's malloc arenas (a worker making page images: 532 → 422 MB at
// the same speed, docs/operations.md), fixes its mmap threshold (argon2's 19 MB per sign-in
// returned to the kernel) and lowers V8's optimization budget (a process's compiled code reaches
// its plateau within minutes of a start instead of hours); the scripts that run the build "as
// deployed" (soak, chaos, bench:intake -- --build) take the same environment and options from the
// Dockerfile, so they cannot drift.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { benchNodeFlags, imageEnvironment, imageNodeFlags } from "../../../scripts/lib/image-runtime.ts";

const runtimeStage = () => {
  const dockerfile = fs.readFileSync("docker/Dockerfile", "utf8");
  return dockerfile.slice(dockerfile.lastIndexOf("\nFROM ")); // the runtime stage, not the build's
};

describe("the production image's environment", () => {
  it("sets MALLOC_ARENA_MAX=2 for every process of the image", () => {
    expect(runtimeStage()).toMatch(/^ENV MALLOC_ARENA_MAX=2$/m);
    expect(runtimeStage()).toMatch(/^ENV MALLOC_MMAP_THRESHOLD_=4194304$/m);
  });

  it("is what a build run as deployed gets", () => {
    expect(imageEnvironment()).toEqual({ MALLOC_ARENA_MAX: "2", MALLOC_MMAP_THRESHOLD_: "4194304" });
  });
});

describe("the production image's Node options", () => {
  it("are what a build run as deployed and npm run start:prod get", () => {
    expect(imageNodeFlags()).toEqual(["--interrupt-budget=8192"]);
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts["start:prod"]).toBe(`node ${imageNodeFlags().join(" ")} dist/app/server/main.js`);
  });

  it("are accepted by this Node (a flag V8 dropped would stop the image from starting)", () => {
    const r = spawnSync(process.execPath, [...imageNodeFlags(), "-e", "process.stdout.write('up')"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("up");
  });
});

describe("the Node options a benchmark gives Korrigo's nodes", () => {
  it("are the image's, Node's own with --node-defaults, plus what --node-flags adds for a diagnosis", () => {
    expect(benchNodeFlags(["bench"])).toEqual(imageNodeFlags());
    expect(benchNodeFlags(["bench", "--node-defaults"])).toEqual([]);
    expect(benchNodeFlags(["bench", "--node-flags=--trace-gc  --trace-gc-nvp"])).toEqual([...imageNodeFlags(), "--trace-gc", "--trace-gc-nvp"]);
    expect(benchNodeFlags(["bench", "--node-defaults", "--node-flags=--trace-gc"])).toEqual(["--trace-gc"]);
  });
});
