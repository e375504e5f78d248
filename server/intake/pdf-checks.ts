// Structural checks of a PDF with pdf-lib. Runs inside the PDF child process only (pdf-lib can
// hang or block for long on broken or large input).
import { EncryptedPDFError, PDFArray, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, type PDFPage } from "pdf-lib";
import type { InspectResult, PdfProblem, SourcePageInfo } from "./pdf-problem.ts";

const tail = (bytes: Uint8Array, n: number) => Buffer.from(bytes.subarray(Math.max(0, bytes.length - n))).toString("latin1");

/** A complete PDF ends with %%EOF (readers tolerate a little trailing garbage, as we do). */
export function checkTail(bytes: Uint8Array): PdfProblem | null {
  if (!tail(bytes, 2048).includes("%%EOF"))
    return { code: "PDF_CORRUPTED", message: "the file is truncated (no %%EOF end marker): the upload or the scan was cut short" };
  return null;
}

export async function loadPdf(bytes: Uint8Array): Promise<{ doc: PDFDocument } | { problem: PdfProblem }> {
  const tailProblem = checkTail(bytes);
  if (tailProblem) return { problem: tailProblem };
  try {
    const doc = await PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false, throwOnInvalidObject: false });
    return { doc };
  } catch (e) {
    if (e instanceof EncryptedPDFError || tail(bytes, 4096).includes("/Encrypt")) {
      return { problem: { code: "PDF_ENCRYPTED", message: "the file is encrypted or password-protected: export it again without protection" } };
    }
    return {
      problem: { code: "PDF_CORRUPTED", message: `the file is damaged and cannot be read (${e instanceof Error ? e.message.slice(0, 160) : "parse error"})` },
    };
  }
}

function isStream(doc: PDFDocument, obj: unknown): boolean {
  const v = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return v instanceof PDFStream || v instanceof PDFRawStream;
}

/** A page's content must be a stream or an array of streams (a cut-off file leaves dictionaries). */
function pageContentProblem(doc: PDFDocument, page: PDFPage): string | null {
  const contents = page.node.get(PDFName.of("Contents"));
  if (contents === undefined) return null; // a blank page has no content
  const resolved = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  if (resolved instanceof PDFArray) return resolved.asArray().every((c) => isStream(doc, c)) ? null : "its content is damaged";
  return isStream(doc, resolved) ? null : "its content is damaged";
}

const quarter = (angle: number): 0 | 90 | 180 | 270 => ((((Math.round(angle / 90) % 4) + 4) % 4) * 90) as 0 | 90 | 180 | 270;

export function describePages(doc: PDFDocument): InspectResult {
  const count = doc.getPageCount();
  if (count === 0) return { ok: false, code: "PDF_NO_PAGES", message: "the PDF has no pages" };
  const pages: SourcePageInfo[] = [];
  for (const [i, page] of doc.getPages().entries()) {
    const problem = pageContentProblem(doc, page);
    if (problem) return { ok: false, code: "PDF_CORRUPTED", message: `page ${i + 1}: ${problem}` };
    const box = page.getCropBox();
    if (!(box.width > 0 && box.height > 0)) return { ok: false, code: "PDF_CORRUPTED", message: `page ${i + 1} has no valid size` };
    pages.push({ widthPt: round2(box.width), heightPt: round2(box.height), rotate: quarter(page.getRotation().angle) });
  }
  if (doc.isEncrypted) return { ok: false, code: "PDF_ENCRYPTED", message: "the file is encrypted or password-protected: export it again without protection" };
  return { ok: true, pageCount: count, pages };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** One page as a standalone PDF (inherited attributes are copied by pdf-lib's copyPages). */
export async function singlePagePdf(doc: PDFDocument, index: number): Promise<Uint8Array> {
  const out = await PDFDocument.create({ updateMetadata: false });
  const [page] = await out.copyPages(doc, [index]);
  out.addPage(page!);
  return out.save({ useObjectStreams: false, addDefaultPage: false });
}
