// The client calls the API through the contract (client/src/api/call.ts): no module builds an /api/
// URL by hand, so no route can drift from what the server serves. The exceptions say why.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ALLOWED: Record<string, string> = {
  // the session refresh of the HTTP layer itself
  "client/src/api/http.ts": "/api/me",
  // the CSRF token of raw (CSV, multipart) uploads
  "client/src/api/intake.ts": "/api/me",
  // the entry chunk's first request for a desk: no import at all, to stay tiny (its type is the contract's DeskView)
  "client/src/desk/early-desk.ts": "/api/copies/",
  "client/src/desk/desk-prefetch.ts": "/api/copies/",
  // links to the API are not the app's pages
  "client/src/router.ts": "/api/",
};

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : d.name.endsWith(".ts") ? [path.join(dir, d.name)] : []));
}

describe("the client and the contract", () => {
  it("no client module writes an /api/ URL of its own", () => {
    const offenders: string[] = [];
    for (const f of files("client/src")) {
      if (f === path.join("client", "src", "api", "call.ts")) continue;
      const lines = fs.readFileSync(f, "utf8").split("\n");
      lines.forEach((line, i) => {
        const m = /["'`](\/api\/[^"'`]*)/.exec(line);
        if (!m) return;
        const allowed = ALLOWED[f.split(path.sep).join("/")];
        if (!allowed || !m[1]!.startsWith(allowed)) offenders.push(`${f}:${i + 1}: ${m[1]}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
