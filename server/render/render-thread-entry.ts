// Runs inside a render thread: one render at a time, answers by message id.
import { parentPort } from "node:worker_threads";
import { renderPdf } from "./render-pdf.ts";
import type { RenderInput } from "./render-types.ts";

export interface RenderRequest {
  id: number;
  input: RenderInput;
}
export type RenderReply = { id: number; ok: true; bytes: Uint8Array } | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("render-thread-entry must run in a worker thread");

port.on("message", async ({ id, input }: RenderRequest) => {
  try {
    const bytes = await renderPdf(input);
    port.postMessage({ id, ok: true, bytes } satisfies RenderReply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RenderReply);
  }
});
