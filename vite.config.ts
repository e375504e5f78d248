import { defineConfig } from "vite";

export default defineConfig({
  root: "client",
  // the manifest (dist/client/.vite/manifest.json) lets the server hint a page's chunks (server/http/module-preload.ts)
  build: { outDir: "../dist/client", emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 2000, manifest: true },
  server: { port: 5173, proxy: { "/api": "http://localhost:3000", "/socket.io": { target: "http://localhost:3000", ws: true } } },
});
