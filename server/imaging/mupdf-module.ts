// MuPDF's WASM (10 MB) compiled once per process and handed to every raster thread: a compiled
// WebAssembly.Module crosses to a thread without its code being copied or compiled again, so a
// thread that starts only instantiates it (the compile was ~40 % of a thread's start-up, paid by
// each thread and again by each thread that replaces an idle one). Undefined if it cannot be
// compiled here: the thread then compiles its own, as before.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let compiled: Promise<WebAssembly.Module | undefined> | undefined;

export function mupdfModule(): Promise<WebAssembly.Module | undefined> {
  return (compiled ??= (async () => {
    try {
      const file = path.join(path.dirname(createRequire(import.meta.url).resolve("mupdf")), "mupdf-wasm.wasm");
      return await WebAssembly.compile(await fs.promises.readFile(file));
    } catch {
      return undefined;
    }
  })());
}
