// Child process entry (node --import tsx): loads PDFs with pdf-lib away from the parent's event
// loop and heap; the parent kills it on a time limit. Keeps the last document loaded, so a job can
// inspect a batch and then extract its pages chunk by chunk with a single parse.
import fs from "node:fs";
import type { PDFDocument } from "pdf-lib";
import { MediaStore } from "../storage/media-store.ts";
import { describePages, loadPdf, singlePagePdf } from "./pdf-checks.ts";
import type { PdfRequest, PdfResponse } from "./pdf-child-protocol.ts";
import type { InspectResult } from "./pdf-problem.ts";

let cached: { path: string; doc: PDFDocument | null; result: InspectResult } | null = null;

async function open(path: string): Promise<{ doc: PDFDocument | null; result: InspectResult }> {
  if (cached?.path === path) return cached;
  cached = null;
  const loaded = await loadPdf(await fs.promises.readFile(path));
  const entry = "problem" in loaded ? { path, doc: null, result: { ok: false as const, ...loaded.problem } } : { path, doc: loaded.doc, result: describePages(loaded.doc) };
  cached = entry;
  return entry;
}

async function handle(req: PdfRequest): Promise<PdfResponse> {
  if (req.op === "forget") {
    cached = null;
    return { id: req.id, op: "forgotten" };
  }
  const { doc, result } = await open(req.path);
  if (req.op === "inspect") {
    if (!req.keep) cached = null; // an upload check: do not hold a big document while idle
    return { id: req.id, op: "inspect", result };
  }
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
