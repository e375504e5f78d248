// Where the server finds its own files at run time, whether it runs from its TypeScript sources
// (tsx: `npm start`, tests) or from the production build (`npm run build` → dist/app, plain
// JavaScript, no TypeScript compiler at start). The build keeps the sources' layout under dist/app,
// so paths are taken from the repository's root rather than counted in "../" from a module.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

function rootAbove(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) throw new Error(`no package.json above ${dir}`);
  }
}

/** the repository (or image) root: package.json, prisma/, dist/ */
export const APP_ROOT = rootAbove(path.dirname(fileURLToPath(import.meta.url)));

/** true when the calling module runs compiled (from dist/app), false under tsx */
export const isBuilt = (moduleUrl: string): boolean => !moduleUrl.endsWith(".ts");

/**
 * The entry of a thread or child process next to the calling module: from the sources, a small
 * `.mjs` boot that registers tsx before importing the TypeScript entry (threads and forks do not
 * inherit tsx's loader on Node 20); from the build, the compiled entry itself.
 */
export function threadEntry(moduleUrl: string, tsBoot: string, entry: string): URL {
  return new URL(isBuilt(moduleUrl) ? `./${entry}.js` : `./${tsBoot}`, moduleUrl);
}
