// Runs inside a raster thread: one page at a time, answers by message id.
// first: hands MuPDF the compiled module the pool shared, before read-codes/rasterize-page load it
import "./mupdf-thread-setup.ts";
import { parentPort } from "node:worker_threads";
import { prepareCodeReader, readCodes, type CodeScanRequest } from "../booklets/read-codes.ts";
import { rasterizePage, type RasterRequest } from "./rasterize-page.ts";

/** A page to rasterize into images, or a scanned page whose booklet codes to read. */
export type ThreadRequest = RasterRequest | (CodeScanRequest & { kind: "codes" }) | { kind: "warm" };
export type RasterReply = { id: number; ok: true; outputs: unknown } | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("raster-thread-entry must run in a worker thread");

port.on("message", async ({ id, req }: { id: number; req: ThreadRequest }) => {
  try {
    if ("kind" in req && req.kind === "warm") {
      await prepareCodeReader();
      port.postMessage({ id, ok: true, outputs: null } satisfies RasterReply);
      return;
    }
    if ("kind" in req && req.kind === "codes") {
      port.postMessage({ id, ok: true, outputs: await readCodes(req) } satisfies RasterReply);
      return;
    }
    const outputs = await rasterizePage(req as RasterRequest);
    port.postMessage(
      { id, ok: true, outputs } satisfies RasterReply,
      outputs.map((o) => o.bytes.buffer as ArrayBuffer),
    );
  } catch (e) {
    port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RasterReply);
  }
});
