// A Vite plugin for the client build: what the browser imports from collab/contract/api/ becomes
// the routes' data only (method, path, upload field…) and its constants, without the zod schemas. The client calls
// routes by method and path (client/src/api/call.ts) and takes its types from the schemas, which
// the compiler erases; building those schemas at module load was the largest share of the desk's
// JavaScript start-up (zod clones a schema at each `.email()`, `.max()`, `.int()`: ~100 ms of main
// thread on this machine, for every page). The server and the OpenAPI reference keep the real
// modules, and a contract module the client reaches through another one (the socket contract's
// imports) stays whole. A client module importing anything else than a route table from there
// fails the build (the export is missing), so nothing is dropped silently.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Plugin, runnerImport } from "vite";

const API_DIR = path.resolve(import.meta.dirname, "../../collab/contract/api");
const CLIENT_DIR = path.resolve(import.meta.dirname, "../../client");
const PREFIX = "\0korrigo-routes:";

const isSchema = (v: unknown): boolean => typeof v === "object" && v !== null && "_zod" in v;
const isPrimitive = (v: unknown): boolean => typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/** The value as plain data: zod schemas and functions left out, at any depth. */
export function plainOf(value: unknown): unknown {
  if (value === null || isPrimitive(value)) return value;
  if (typeof value !== "object" || isSchema(value)) return undefined;
  if (Array.isArray(value)) return value.map(plainOf);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const p = plainOf(v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** A contract area's table: every entry a route spec (a method and a path). */
export function isRouteTable(value: unknown): value is Record<string, object> {
  if (typeof value !== "object" || value === null || isSchema(value) || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return (
    entries.length > 0 &&
    entries.every(
      (r) =>
        typeof r === "object" && r !== null && typeof (r as { method?: unknown }).method === "string" && typeof (r as { path?: unknown }).path === "string",
    )
  );
}

/** A table's routes as plain data, without their one-line summaries (the reference's, not the browser's). */
function withoutSummaries(table: Record<string, object>): unknown {
  return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, plainOf({ ...spec, summary: undefined })]));
}

/** The module that replaces a contract area for the browser: its route tables as plain data, and its constants (limits…). */
export function routesModule(exports: Record<string, unknown>): string {
  return Object.entries(exports)
    .filter(([, v]) => isRouteTable(v) || isPrimitive(v))
    .map(([name, v]) => `export const ${name} = ${JSON.stringify(isRouteTable(v) ? withoutSummaries(v) : v)};`)
    .join("\n");
}

export function contractRoutesOnly(): Plugin {
  let areas: Promise<Map<string, Record<string, unknown>>> | null = null;
  /** every area evaluated once, in Node, through one entry (Vite's module runner) */
  const evaluate = async () => {
    const files = fs.readdirSync(API_DIR).filter((f) => f.endsWith(".ts") && f !== "route.ts");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-routes-"));
    const entry = path.join(dir, "entry.ts");
    fs.writeFileSync(entry, files.map((f, i) => `export * as m${i} from ${JSON.stringify(path.join(API_DIR, f))};`).join("\n"));
    try {
      const { module } = await runnerImport<Record<string, Record<string, unknown>>>(entry, { configFile: false, logLevel: "silent" });
      return new Map(files.map((f, i) => [path.join(API_DIR, f), module[`m${i}`]!]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  return {
    name: "korrigo:contract-routes-only",
    apply: "build",
    enforce: "pre",
    resolveId(source, importer) {
      if (!importer || !importer.startsWith(CLIENT_DIR + path.sep) || !source.includes("contract/api/")) return null;
      const file = path.resolve(path.dirname(importer), source);
      if (path.dirname(file) !== API_DIR || path.basename(file) === "route.ts") return null;
      return PREFIX + file;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      areas ??= evaluate();
      const exports = (await areas).get(id.slice(PREFIX.length));
      if (!exports) throw new Error(`contract-routes: no such contract area ${id.slice(PREFIX.length)}`);
      return routesModule(exports);
    },
  };
}
