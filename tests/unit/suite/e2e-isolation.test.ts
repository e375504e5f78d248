// The suite's rule that a browser test starts from its own state, read from the test sources:
// a test that continued on the page or data an earlier test left made one failure cascade (the
// stapler e2e's poll failed at load average ~20 and the file's next two tests then timed out on
// its page). Two shapes of that are refused:
// - a `let` in a describe block (a page or an id that one test sets and the next one reads);
// - a module-level `let` that a test sets (itself or through a helper it calls) and another test
//   reads without setting it first.
// Values set once in beforeAll (the server, the browser, seeded ids) are shared on purpose.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCalls } from "../../helpers/wait-calls.ts";

const E2E = path.resolve(import.meta.dirname, "../../e2e");

/** Files still chained, owned by other work in progress: remove a name once its tests are isolated. */
const STILL_CHAINED = new Set<string>([]);

const escapeDollar = (s: string) => s.replace(/[$]/g, "\\$");
const mentions = (text: string, name: string) => new RegExp(`(?<![\\w.$])${escapeDollar(name)}(?![\\w$])`).test(text);

/** Names a piece of code assigns: `x = …`, `x++`, `({ a, b: x } = …)`, `[x, y] = …` (not a `const x = …` of its own). */
function assigned(code: string): Set<string> {
  const out = new Set<string>();
  const text = code.replace(/\b(?:const|let|var)\s+(?:[\w$]+|\{[^{}]*\}|\[[^[\]]*\])/g, "declared");
  for (const m of text.matchAll(/(?<![\w.$])([A-Za-z_$][\w$]*)\s*(?:=(?![=>])|\+\+|--|\+=|-=)/g)) out.add(m[1]!);
  for (const m of text.matchAll(/([{[])([^{}[\]]*)[}\]]\s*=(?![=>])/g)) {
    for (const part of m[2]!.split(",")) {
      const target = (part.includes(":") ? part.split(":")[1]! : part).split("=")[0]!.replace("...", "").trim();
      if (/^[A-Za-z_$][\w$]*$/.test(target)) out.add(target);
    }
  }
  return out;
}

/** Module-level functions (`function f`, `const f = (…) =>`), each to its closing brace at column 0. */
function moduleFunctions(src: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = src.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:export )?(?:async )?function\s+([\w$]+)|^(?:export )?const\s+([\w$]+)\s*=\s*(?:async\s*)?\(/.exec(lines[i]!);
    if (!m) continue;
    let end = i;
    if (!/;\s*$/.test(lines[i]!)) while (end + 1 < lines.length && !/^\}/.test(lines[end]!)) end++;
    out.set(m[1] ?? m[2]!, lines.slice(i, end + 1).join("\n"));
  }
  return out;
}

/** Which module-level `let`s each piece of code sets, itself or through the module's functions it calls. */
function setter(src: string, lets: string[]): (text: string) => Set<string> {
  const fns = moduleFunctions(src);
  const sets = new Map<string, Set<string>>([...fns].map(([name, body]) => [name, new Set([...assigned(body)].filter((v) => lets.includes(v)))]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, body] of fns) {
      const mine = sets.get(name)!;
      for (const [other, theirs] of sets) {
        if (other === name || !new RegExp(`(?<![\\w.$])${escapeDollar(other)}\\(`).test(body)) continue;
        for (const v of theirs) if (!mine.has(v)) mine.add(v), (changed = true);
      }
    }
  }
  return (text) => {
    const out = new Set([...assigned(text)].filter((v) => lets.includes(v)));
    for (const [name, vars] of sets) if (new RegExp(`(?<![\\w.$])${escapeDollar(name)}\\(`).test(text)) for (const v of vars) out.add(v);
    return out;
  };
}

/** What in a test file carries state from one test to another, one line each; [] when none. */
function chaining(src: string): string[] {
  const found: string[] = [];
  for (const d of findCalls(src, "describe")) {
    for (const m of d.text.matchAll(/^ {2}let\s+([\w$]+)/gm)) found.push(`\`let ${m[1]}\` in describe(${d.args[0]}), line ${d.line}`);
  }
  const lets = [...src.matchAll(/^let\s+([\w$]+)/gm)].map((m) => m[1]!);
  const sets = setter(src, lets);
  const tests = findCalls(src, "it").map((c) => ({ name: c.args[0] ?? "?", line: c.line, body: c.args.at(-1) ?? "", sets: sets(c.args.at(-1) ?? "") }));
  for (const v of lets) {
    if (!tests.some((t) => t.sets.has(v))) continue; // set once before the tests, if at all: shared on purpose
    for (const t of tests) if (mentions(t.body, v) && !t.sets.has(v)) found.push(`${t.name} (line ${t.line}) reads \`${v}\`, which another test sets`);
  }
  return found;
}

describe("browser tests start from their own state", () => {
  const files = fs.readdirSync(E2E).filter((f) => f.endsWith(".e2e.test.ts"));

  it("finds the browser test files", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it("no test continues on a page or data that another test left", () => {
    const bad = files
      .filter((f) => !STILL_CHAINED.has(f))
      .flatMap((f) => chaining(fs.readFileSync(path.join(E2E, f), "utf8")).map((c) => `tests/e2e/${f}: ${c}`));
    expect(bad, "give each test its own page and data (tests/e2e/support/exam-setup.ts, grading-setup.ts)").toEqual([]);
  });

  it("lists as still chained only files that are", () => {
    for (const f of STILL_CHAINED) expect(chaining(fs.readFileSync(path.join(E2E, f), "utf8")), f).not.toEqual([]);
  });
});

describe("the chaining finder", () => {
  it("finds a page kept in a describe block", () => {
    const src = `describe("desk", () => {\n  let a: Page;\n\n  it("opens", async () => {\n    ({ page: a } = await signedIn(x));\n  });\n  it("draws", async () => {\n    await a.click();\n  });\n});\n`;
    expect(chaining(src)).toEqual(['`let a` in describe("desk"), line 1']);
  });

  it("finds a module-level page that one test sets and the next one reads", () => {
    const src = `let app: AppServer;\nlet page: Page;\nlet examUrl = "";\nbeforeAll(async () => {\n  app = await startAppServer();\n});\ndescribe("intake", () => {\n  it("creates", async () => {\n    ({ page } = await newPage(browser, app.url));\n    examUrl = page.url();\n  });\n  it("scales", async () => {\n    await page.goto(\`\${examUrl}/scale\`);\n  });\n});\n`;
    expect(chaining(src)).toEqual(['"scales" (line 12) reads `page`, which another test sets', '"scales" (line 12) reads `examUrl`, which another test sets']);
  });

  it("accepts tests that each set the page themselves or through a helper", () => {
    const src = `let app: AppServer;\nlet page: Page;\nbeforeAll(async () => {\n  app = await startAppServer();\n});\nasync function signIn() {\n  ({ page } = await signedInPage(browser, app.url, admin));\n}\nasync function start(): Promise<{ id: string }> {\n  await signIn();\n  return { id: "x" };\n}\ndescribe("intake", () => {\n  it("creates", async () => {\n    ({ page } = await newPage(browser, app.url));\n    await page.goto("/");\n  });\n  it("scales", async () => {\n    const { id } = await start();\n    await page.goto(\`/exams/\${id}\`);\n  });\n});\n`;
    expect(chaining(src)).toEqual([]);
  });
});
