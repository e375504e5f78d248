// The CSP (`style-src 'self'`) refuses inline style attributes: a `style="…"` in a lit template
// is blocked in the browser (the element silently loses its layout and the console logs a CSP
// violation). Styles belong in the component's stylesheet, or are set through the CSSOM
// (client/src/styles/cssom.ts). Found twice in new components (the identity-zone editor, the
// adjustment error on the desk) before this check.
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

it("no client template writes an inline style attribute", () => {
  const files = sources(path.resolve("client/src"));
  expect(files.length).toBeGreaterThan(20);
  const bad = files.flatMap((f) =>
    fs
      .readFileSync(f, "utf8")
      .split("\n")
      .map((line, i) => ({ line, n: i + 1 }))
      .filter(({ line }) => /<[a-z][\w-]*[^>]*\sstyle=/.test(line) || /styleMap\(/.test(line))
      .map(({ n, line }) => `${path.relative(process.cwd(), f)}:${n}: ${line.trim().slice(0, 120)}`),
  );
  expect(bad, "set styles in the stylesheet or with cssom() from client/src/styles/cssom.ts").toEqual([]);
});
