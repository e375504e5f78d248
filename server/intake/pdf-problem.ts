// What can be wrong with an uploaded PDF, as stable codes the API returns (NOT_A_PDF, PDF_*).
import { AppError } from "../errors/app-error.ts";

export type PdfProblemCode = "NOT_A_PDF" | "PDF_EMPTY" | "PDF_CORRUPTED" | "PDF_ENCRYPTED" | "PDF_NO_PAGES";

export interface PdfProblem {
  code: PdfProblemCode;
  message: string;
}

/** One page as the scanner produced it: CropBox size in user space (before /Rotate) and /Rotate. */
export interface SourcePageInfo {
  widthPt: number;
  heightPt: number;
  rotate: 0 | 90 | 180 | 270;
}

export type InspectResult = { ok: true; pageCount: number; pages: SourcePageInfo[] } | ({ ok: false } & PdfProblem);

export function pdfError(p: PdfProblem, fileName?: string, details: Record<string, unknown> = {}): AppError {
  return new AppError(p.code, fileName ? `${fileName}: ${p.message}` : p.message, { ...details, ...(fileName ? { file: fileName } : {}) });
}

/** Cheap checks on the first bytes, before any parsing. */
export function checkHead(head: Uint8Array, size: number): PdfProblem | null {
  if (size === 0) return { code: "PDF_EMPTY", message: "the file is empty (0 bytes)" };
  const text = Buffer.from(head.subarray(0, 1024)).toString("latin1");
  if (!text.includes("%PDF-")) return { code: "NOT_A_PDF", message: "this is not a PDF file (it does not start with %PDF-)" };
  return null;
}
