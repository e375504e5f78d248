// A page set aside in the stapler belongs to no copy, so no copy PDF shows it: this one-page PDF
// lets the admin see it before putting it back. Same cache as copy PDFs (content-addressed).
import type { Db } from "../db/client.ts";
import { AppError } from "../errors/app-error.ts";
import type { Actor } from "../policy/actor.ts";
import { authorize } from "../policy/policy.ts";
import type { MediaStore } from "../storage/media-store.ts";
import { pageListHash, type CopyPageRef } from "./page-list-hash.ts";
import type { CachedPdf } from "./pdf-response.ts";

/** The hash a loose page's PDF URL pins (`?v=`). */
export const loosePageHash = (p: CopyPageRef): string => pageListHash([p]);

export async function loosePagePdf(db: Db, media: MediaStore, actor: Actor, examId: string, pageId: string): Promise<CachedPdf> {
  authorize(actor, "batch.read");
  const page = await db.page.findFirst({
    where: { id: pageId, copyId: null, batch: { examId } },
    select: { sourcePath: true, sourcePage: true, rotation: true, half: true },
  });
  if (!page) throw new AppError("NOT_FOUND", "No page set aside with this id in this exam");
  const pages = [page];
  const hash = pageListHash(pages);
  return {
    etag: `"${hash}"`,
    hash,
    fileName: `page-${pageId.slice(0, 8)}.pdf`,
    file: async () => (await import("./copy-pdf.ts")).cachedCopyPdf(media, pages, "Page mise de côté", hash),
  };
}
