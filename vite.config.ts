import { defineConfig } from "vite";
import { contractRoutesOnly } from "./scripts/build/contract-routes.ts";
import { precompress } from "./scripts/build/precompress.ts";

export default defineConfig({
  root: "client",
  // the manifest (dist/client/.vite/manifest.json) lets the server hint a page's chunks (server/http/module-preload.ts)
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000, manifest: true },
  // .br and .gz twins of the assets, served by server/http/precompressed-assets.ts
  // the browser gets the contract's route tables without their zod schemas (contract-routes.ts)
  plugins: [contractRoutesOnly(), precompress()],
  server: { port: 5173, proxy: { "/api": "http://localhost:3000", "/socket.io": { target: "http://localhost:3000", ws: true } } },
});
