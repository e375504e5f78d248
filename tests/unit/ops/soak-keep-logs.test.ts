// A soak whose process crashed keeps the cluster's logs (its data directory is deleted after the
// run) and prints the end of the crashed process's log.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { keepLogs } from "../../../scripts/soak/lib/keep-logs.ts";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "soak-keep-logs-test-"));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("soak logs kept on a crash", () => {
  it("copies every log out of the data directory and prints the crashed process's last lines", () => {
    const dataDir = tmp();
    fs.mkdirSync(path.join(dataDir, "logs"));
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`);
    fs.writeFileSync(path.join(dataDir, "logs", "server-2.log"), `${lines.join("\n")}\nFATAL: out of memory\n`);
    fs.writeFileSync(path.join(dataDir, "logs", "worker.log"), "worker ready\n");
    const printed: string[] = [];
    const kept = keepLogs(dataDir, ["server-2 (restart)", "server-2"], (m) => printed.push(m), tmp())!;
    fs.rmSync(dataDir, { recursive: true, force: true }); // as the soak does right after
    expect(fs.readFileSync(path.join(kept, "worker.log"), "utf8")).toBe("worker ready\n");
    expect(printed[0]).toContain(kept);
    expect(printed).toHaveLength(2); // one tail per crashed process, however often it is named
    expect(printed[1]).toContain("FATAL: out of memory");
    expect(printed[1]).toContain("line 50");
    expect(printed[1]).not.toContain("line 20\n");
  });

  it("keeps nothing when the cluster never wrote a log", () => {
    expect(keepLogs(tmp(), ["worker"], () => {}, tmp())).toBeNull();
  });
});
