// The copy PDFs cached on disk (the scan's pages assembled, and the redacted one built from page
// images for those who may not know the student) are named by the hash of what they are made of,
// with no row of their own: a copy deleted, re-cut by the stapler, or an exam whose identity zones
// changed leaves its old file behind. Bounded two ways: the files of copies deleted with their
// batch go at once (after the commit), and the hourly sweep removes every cached PDF that no
// current copy would ask for (older than the grace period: one may be being built or served).
// Either is safe: a cached PDF asked for again is rebuilt.
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client.ts";
import { pageListHash, type CopyPageRef } from "../intake/page-list-hash.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { parseZones } from "./identity-zones.ts";
import { REDACTED_PDF_KIND, redactedPdfHash } from "./redacted-pdf-hash.ts";
import { SWEEP_GRACE_MS, type SweepOutcome } from "./sweep-images.ts";

/** where cachedCopyPdf (intake/copy-pdf.ts) keeps them */
const COPY_PDF_KIND = "copies";

type PageRow = CopyPageRef & { copyId: string | null };

/** The cached PDF files (both kinds) the given copies would be served from now. */
export async function copyPdfPaths(db: Pick<Db, "page" | "copy">, media: MediaStore, copyIds?: readonly string[]): Promise<string[]> {
  const where = copyIds ? { copyId: { in: [...copyIds] } } : { copyId: { not: null } };
  const [pages, copies] = await Promise.all([
    db.page.findMany({
      where,
      select: { copyId: true, sourcePath: true, sourcePage: true, rotation: true, half: true },
      orderBy: [{ copyId: "asc" }, { position: "asc" }, { id: "asc" }],
    }),
    db.copy.findMany({ where: copyIds ? { id: { in: [...copyIds] } } : {}, select: { id: true, exam: { select: { identityZones: true } } } }),
  ]);
  const zonesOf = new Map(copies.map((c) => [c.id, parseZones(c.exam.identityZones)]));
  const byCopy = new Map<string, PageRow[]>();
  for (const p of pages as PageRow[]) {
    if (!p.copyId) continue;
    const list = byCopy.get(p.copyId) ?? [];
    list.push(p);
    byCopy.set(p.copyId, list);
  }
  const out: string[] = [];
  for (const [copyId, list] of byCopy) {
    const hash = pageListHash(list);
    out.push(media.relPath(COPY_PDF_KIND, hash, "pdf"));
    out.push(media.relPath(REDACTED_PDF_KIND, redactedPdfHash(hash, zonesOf.get(copyId) ?? []), "pdf"));
  }
  return out;
}

/** Removes these cached PDFs (the copies are gone; a file another copy shares is rebuilt when asked for). */
export async function removeCopyPdfs(media: MediaStore, rels: readonly string[]): Promise<void> {
  for (const rel of rels) await fs.promises.rm(media.abs(rel), { force: true });
}

/** Every cached copy PDF older than the grace period that no current copy would be served from. */
export async function sweepCopyPdfs(db: Pick<Db, "page" | "copy">, media: MediaStore, opts: { graceMs?: number } = {}): Promise<SweepOutcome> {
  const before = Date.now() - (opts.graceMs ?? SWEEP_GRACE_MS);
  const out: SweepOutcome = { checked: 0, removed: 0 };
  let live: Set<string> | null = null;
  for (const kind of [COPY_PDF_KIND, REDACTED_PDF_KIND]) {
    const root = media.abs(kind);
    for (const dir of await fs.promises.readdir(root).catch(() => [] as string[])) {
      for (const name of await fs.promises.readdir(path.join(root, dir)).catch(() => [] as string[])) {
        const rel = path.posix.join(kind, dir, name);
        const st = await fs.promises.stat(media.abs(rel)).catch(() => null);
        if (!st?.isFile() || st.mtimeMs >= before) continue;
        out.checked++;
        live ??= new Set(await copyPdfPaths(db, media)); // read once, only when there is something old
        if (live.has(rel)) continue;
        await fs.promises.rm(media.abs(rel), { force: true });
        out.removed++;
      }
    }
  }
  return out;
}
