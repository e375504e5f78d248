// Runs inside a raster thread: one page at a time, answers by message id.
import { parentPort } from "node:worker_threads";
import { rasterizePage, type RasterOutput, type RasterRequest } from "./rasterize-page.ts";

export type RasterReply = { id: number; ok: true; outputs: RasterOutput[] } | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("raster-thread-entry must run in a worker thread");

port.on("message", async ({ id, req }: { id: number; req: RasterRequest }) => {
  try {
    const outputs = await rasterizePage(req);
    port.postMessage({ id, ok: true, outputs } satisfies RasterReply, outputs.map((o) => o.bytes.buffer as ArrayBuffer));
  } catch (e) {
    port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RasterReply);
  }
});
