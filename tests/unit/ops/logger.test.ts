// In a terminal the log is readable lines; piped to a file or a collector it stays JSON.
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../../server/logger.ts";

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  const out = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY },
  );
  return { out, text: () => chunks.join("") };
}

describe("logger", () => {
  it("prints readable lines when stdout is a terminal", async () => {
    const c = capture(true);
    createLogger({ logLevel: "info" }, { role: "all" }, c.out).info({ copyId: "c1" }, "copy rendered");
    await new Promise((r) => setImmediate(r));
    const line = c.text().replace(/\x1b\[[0-9;]*m/g, "");
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: copy rendered/);
    expect(line).toContain('copyId: "c1"');
    expect(() => JSON.parse(line)).toThrow();
  });

  it("writes one JSON object per line otherwise", async () => {
    const c = capture(false);
    createLogger({ logLevel: "info" }, { role: "all" }, c.out).info({ copyId: "c1" }, "copy rendered");
    await new Promise((r) => setImmediate(r));
    expect(JSON.parse(c.text().trim())).toMatchObject({ level: 30, msg: "copy rendered", copyId: "c1", role: "all" });
  });
});
