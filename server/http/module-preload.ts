// `<link rel="modulepreload">` hints for the chunks a page will import, read from the client build's
// manifest (vite `build.manifest`): the browser fetches them while it parses the page, in parallel
// with the entry, instead of discovering them one import round after another.
import fs from "node:fs";
import path from "node:path";

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

let cached: { file: string; mtimeMs: number; manifest: Manifest } | null = null;

function manifestOf(clientDir: string): Manifest | null {
  const file = path.join(clientDir, ".vite", "manifest.json");
  try {
    const { mtimeMs } = fs.statSync(file);
    if (cached?.file !== file || cached.mtimeMs !== mtimeMs) cached = { file, mtimeMs, manifest: JSON.parse(fs.readFileSync(file, "utf8")) as Manifest };
    return cached.manifest;
  } catch {
    return null; // no build (or an older one without a manifest): no hints, the page works the same
  }
}

/** The files of these source modules and of everything they import statically, each once. */
export function preloadFiles(clientDir: string, sources: readonly string[]): string[] {
  const manifest = manifestOf(clientDir);
  if (!manifest) return [];
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) return;
    for (const dep of chunk.imports ?? []) visit(dep);
    if (chunk.file.endsWith(".js")) files.push(chunk.file);
  };
  for (const s of sources) visit(s);
  return files;
}

/** What a module imports dynamically (the entry "index.html": what client/src/main.ts starts at once on a desk). */
export function dynamicImportsOf(clientDir: string, key: string): string[] {
  return manifestOf(clientDir)?.[key]?.dynamicImports ?? [];
}

export function modulePreloadLinks(clientDir: string, sources: readonly string[]): string {
  return preloadFiles(clientDir, sources)
    .map((f) => `<link rel="modulepreload" href="/${f.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;")}">`)
    .join("");
}
