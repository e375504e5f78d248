// Enforces ARCHITECTURE.md's import rules: collab imports nothing of ours (only yjs, lib0,
// zod); client never imports server; services never import express or socket.io.
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "../..");
const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^"'`]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g;

function* walk(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "generated") yield* walk(p);
    } else if (/\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) yield p;
  }
}

function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, "utf8");
  return [...src.matchAll(IMPORT_RE)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

const resolved = (file: string, spec: string) => (spec.startsWith(".") ? path.relative(ROOT, path.resolve(path.dirname(file), spec)) : spec);
const problems: string[] = [];
const COLLAB_ALLOWED = [/^yjs$/, /^lib0(\/|$)/, /^zod(\/|$)/];

for (const file of walk(path.join(ROOT, "collab"))) {
  if (file.endsWith(".test.ts")) continue;
  for (const spec of importsOf(file)) {
    const target = resolved(file, spec);
    const ok = spec.startsWith(".") ? target.startsWith("collab/") : COLLAB_ALLOWED.some((re) => re.test(spec));
    if (!ok) problems.push(`${path.relative(ROOT, file)} imports ${spec}: collab/ may import only yjs, lib0, zod and itself`);
  }
}
for (const file of walk(path.join(ROOT, "client"))) {
  for (const spec of importsOf(file)) {
    if (resolved(file, spec).startsWith("server/")) problems.push(`${path.relative(ROOT, file)} imports ${spec}: client/ never imports server/`);
  }
}
for (const file of walk(path.join(ROOT, "server"))) {
  if (!/(service|-service)\.ts$/.test(file)) continue;
  for (const spec of importsOf(file)) {
    if (/^(express|socket\.io)(\/|$)/.test(spec)) problems.push(`${path.relative(ROOT, file)} imports ${spec}: services never import transport libraries`);
  }
}

if (problems.length) {
  console.error(`Import rules broken:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("import rules: ok");
