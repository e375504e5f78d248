// Imported first by a raster thread, before anything loads `mupdf`: if the pool handed over the
// process's compiled MuPDF module (mupdf-module.ts), MuPDF's loader instantiates it instead of
// reading and compiling its WASM file again (Emscripten's `instantiateWasm` hook, read by mupdf.js
// from `globalThis.$libmupdf_wasm_Module`).
import { workerData } from "node:worker_threads";

const mod = (workerData as { mupdfModule?: unknown } | null)?.mupdfModule;
if (mod instanceof WebAssembly.Module) {
  (globalThis as Record<string, unknown>).$libmupdf_wasm_Module = {
    instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) {
      // a failure here throws in the thread: the pool reports it to the request and replaces the thread
      void WebAssembly.instantiate(mod, imports).then((instance) => done(instance, mod));
      return {};
    },
  };
}
