// The identity of a redacted copy PDF (pages + zones): its cache key and ETag. Apart from
// redacted-copy-pdf.ts so that what only names the PDF does not load sharp and pdf-lib.
import crypto from "node:crypto";
import type { IdentityZone } from "./identity-zones.ts";

/** the media folder of these PDFs (swept by sweep-copy-pdfs.ts) */
export const REDACTED_PDF_KIND = "copies-redacted";

export function redactedPdfHash(pagesHash: string, zones: readonly IdentityZone[]): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify(["redacted-copy-pdf-v1", pagesHash, zones]))
    .digest("hex");
}
