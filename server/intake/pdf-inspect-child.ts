// Child process entry (node --import tsx): loads PDFs with pdf-lib away from the parent's event
// loop and heap; the parent kills it on a time limit. Keeps the documents of running jobs loaded
// (two at most: the worker's concurrency), so a job inspects a batch and then extracts its pages
// chunk by chunk with a single parse.
import fs from "node:fs";
import type { PDFDocument } from "pdf-lib";
import { MediaStore } from "../storage/media-store.ts";
import { describePages, loadPdf, singlePagePdf } from "./pdf-checks.ts";
import type { PdfRequest, PdfResponse } from "./pdf-child-protocol.ts";
import type { InspectResult } from "./pdf-problem.ts";

const MAX_KEPT = 2;
const kept = new Map<string, { doc: PDFDocument | null; result: InspectResult }>();

async function open(path: string, keep: boolean): Promise<{ doc: PDFDocument | null; result: InspectResult }> {
  const hit = kept.get(path);
  if (hit) return hit;
  const loaded = await loadPdf(await fs.promises.readFile(path));
  const entry = "problem" in loaded ? { doc: null, result: { ok: false as const, ...loaded.problem } } : { doc: loaded.doc, result: describePages(loaded.doc) };
  if (keep) {
    if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!); // the oldest
    kept.set(path, entry);
  }
  return entry;
}

async function handle(req: PdfRequest): Promise<PdfResponse> {
  if (req.op === "forget") {
    kept.delete(req.path);
    return { id: req.id, op: "forgotten" };
  }
  // an upload check does not keep its document; a job's inspect and extracts do
  const { doc, result } = await open(req.path, req.op === "extract" || req.keep);
  if (req.op === "inspect") return { id: req.id, op: "inspect", result };
  if (!doc || !result.ok) return { id: req.id, op: "error", message: result.ok ? "unreadable" : result.message };
  const media = new MediaStore(req.mediaRoot);
  const pages = [];
  for (const index of req.pages) {
    const stored = await media.putBytes("pages", await singlePagePdf(doc, index), "pdf");
    pages.push({ index, rel: stored.rel });
  }
  return { id: req.id, op: "extract", pages };
}

process.on("message", (msg: PdfRequest) => {
  handle(msg).then(
    (res) => process.send!(res),
    (e: unknown) => process.send!({ id: msg.id, op: "error", message: e instanceof Error ? e.message : String(e) } satisfies PdfResponse),
  );
});
process.on("disconnect", () => process.exit(0));
process.send?.({ id: 0, op: "ready" } satisfies PdfResponse);
