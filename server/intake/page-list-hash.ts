// The identity of a copy PDF: the hash of the page list it is made of (also its ETag). Apart from
// copy-pdf.ts so that what only names a PDF does not load pdf-lib.
import crypto from "node:crypto";

export interface CopyPageRef {
  sourcePath: string;
  sourcePage: number;
  rotation: number;
  half: "FULL" | "LEFT" | "RIGHT";
}

const FORMAT = "copy-pdf-v1";

/** Hash of what the PDF is made of: same pages in the same order = same bytes. */
export function pageListHash(pages: CopyPageRef[]): string {
  const key = JSON.stringify([FORMAT, pages.map((p) => [p.sourcePath, p.sourcePage, p.rotation, p.half])]);
  return crypto.createHash("sha256").update(key).digest("hex");
}
