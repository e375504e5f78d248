// A ZIP of an exam's final PDFs, one per graded copy, named NOM_Prenom_<code>.pdf (ASCII only,
// unique even on case-insensitive file systems). Streamed: copies are read in batches and the next
// batch is read only when the zip has started on the previous one, PDFs are stored (not deflated:
// they are compressed already) and each file is opened only when its turn comes, so neither the
// copy list nor the files ever sit in memory, whatever the exam's size.
import fs from "node:fs";
import type { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import yazl from "yazl";
import type { MediaStore } from "../storage/media-store.ts";
import type { ExportDeps } from "./export-deps.ts";
import { examCopyBatches, type ExportCopyRow } from "./exam-copy-rows.ts";

const LIGATURES: Record<string, string> = { Œ: "OE", œ: "oe", Æ: "AE", æ: "ae", ß: "ss", Ø: "O", ø: "o", Ł: "L", ł: "l", Đ: "D", đ: "d" };

/** Letters and digits of ASCII, accents dropped, anything else becomes one "-". */
export function asciiPart(text: string): string {
  return text
    .replace(/[ŒœÆæßØøŁłĐđ]/g, (ch) => LIGATURES[ch] ?? "-")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

export function pdfBaseName(copy: Pick<ExportCopyRow, "anonymousCode" | "student">): string {
  const code = asciiPart(copy.anonymousCode) || "copie";
  if (!copy.student) return code;
  const last = asciiPart(copy.student.lastName).toUpperCase();
  const first = asciiPart(copy.student.firstName);
  return [last, first, code].filter(Boolean).join("_");
}

/** Hands out names once each, case-insensitively: a second "DUPONT_Jean_X" becomes "DUPONT_Jean_X_2". */
export class UniqueNames {
  readonly #taken = new Set<string>();

  take(base: string, ext: string): string {
    for (let n = 1; ; n++) {
      const name = `${n === 1 ? base : `${base}_${n}`}.${ext}`;
      if (!this.#taken.has(name.toLowerCase())) {
        this.#taken.add(name.toLowerCase());
        return name;
      }
    }
  }
}

interface Artifact {
  copyId: string;
  storagePath: string;
  sizeBytes: number;
  createdAt: Date;
}

async function artifactsOf(deps: ExportDeps, batch: readonly ExportCopyRow[]): Promise<Map<string, Artifact>> {
  const graded = batch.filter((c) => c.state === "GRADED" && c.docHash);
  if (!graded.length) return new Map();
  const { rows } = await deps.pool.query<Artifact>(
    `SELECT a."copyId", a."storagePath", a."sizeBytes", a."createdAt"
       FROM "RenderedArtifact" a JOIN unnest($1::uuid[], $2::text[]) AS k(copy_id, doc_hash) ON a."copyId" = k.copy_id AND a."docHash" = k.doc_hash`,
    [graded.map((c) => c.id), graded.map((c) => c.docHash)],
  );
  return new Map(rows.map((r) => [r.copyId, r]));
}

const LOOKAHEAD = 50; // entries queued in the zip ahead of the one being written

export async function writePdfZip(deps: ExportDeps, media: MediaStore, examId: string, out: Writable): Promise<{ files: number }> {
  const zip = new yazl.ZipFile();
  let failed: unknown = null;
  let wake: (() => void) | null = null;
  const written = pipeline(zip.outputStream, out).catch((e: unknown) => {
    failed = e ?? new Error("zip stream failed");
    wake?.();
  });
  zip.on("error", (e) => {
    failed = e;
    wake?.();
    out.destroy(e as Error);
  });
  const names = new UniqueNames();
  let added = 0;
  let started = 0;
  for await (const batch of examCopyBatches(deps.pool, examId, { batchSize: deps.batchSize })) {
    const artifacts = await artifactsOf(deps, batch);
    for (const copy of batch) {
      const a = artifacts.get(copy.id);
      if (!a) continue;
      const abs = media.abs(a.storagePath);
      zip.addReadStreamLazy(names.take(pdfBaseName(copy), "pdf"), { mtime: a.createdAt, compress: false, size: a.sizeBytes }, (cb) => {
        started++;
        wake?.();
        cb(null, fs.createReadStream(abs));
      });
      added++;
    }
    // backpressure: read the next copies only once the zip has caught up with these
    while (!failed && added - started > LOOKAHEAD) await new Promise<void>((resolve) => (wake = resolve));
    if (failed) break;
  }
  zip.end();
  await written;
  if (failed) throw failed;
  return { files: added };
}
