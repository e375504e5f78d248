// How a scan batch is cut into copies: the mode and its options, as sent with the upload (the
// schemas are the contract's).
import { A3Options, BatchOptions } from "../../collab/contract/api/intake.ts";

export { A3Options, BatchOptions, BatchUploadFields as UploadFields } from "../../collab/contract/api/intake.ts";

export function resolveOptions(mode: string, raw: unknown): BatchOptions {
  const o = BatchOptions.parse(raw ?? {});
  return mode === "A3_BOOKLET" ? { ...o, a3: A3Options.parse(o.a3 ?? {}) } : o;
}

/** The default variant stored with a batch's options (null when none). */
export function batchVariant(options: unknown): string | null {
  const v = options && typeof options === "object" ? (options as Record<string, unknown>).variant : undefined;
  return typeof v === "string" && /^[A-Z]$/.test(v) ? v : null;
}
