// Grading by question: the pages a question's regions fall on, for the copies `question:next` names
// (the claimed one and the one to prefetch) — size and image URLs, so the desk paints the region
// from the page image without asking for the copy's desk view or its PDF first.
import type { Db } from "../db/client.ts";
import { pageImageUrls, type PageImageUrls } from "../imaging/page-image-urls.ts";
import type { Actor } from "../policy/actor.ts";

export interface RegionPage {
  /** 1-based page of the copy, as regions name it */
  page: number;
  widthPt: number;
  heightPt: number;
  images: PageImageUrls;
}

/**
 * Only for copies the actor was just given by the claim service (claimed or peeked among the ones
 * they may write): the caller vouches for access. A question with no region shows page 1.
 */
export async function regionPagesOf(
  db: Db,
  actor: Actor,
  examId: string,
  questionId: string,
  copyIds: readonly string[],
): Promise<Record<string, RegionPage[]>> {
  if (copyIds.length === 0) return {};
  const [regions, exam] = await Promise.all([
    db.questionRegion.findMany({ where: { examId, questionId }, select: { page: true } }),
    db.exam.findUniqueOrThrow({ where: { id: examId }, select: { identityZones: true, supervisorsSeeNames: true } }),
  ]);
  const positions = [...new Set(regions.length ? regions.map((r) => r.page - 1) : [0])];
  const pages = await db.page.findMany({
    where: { copyId: { in: [...copyIds] }, position: { in: positions } },
    select: {
      id: true,
      copyId: true,
      position: true,
      widthPt: true,
      heightPt: true,
      sourcePath: true,
      sourcePage: true,
      rotation: true,
      half: true,
      imageError: true,
      extraBookletId: true,
    },
  });
  const images = await pageImageUrls(db, actor, exam, pages);
  const out: Record<string, RegionPage[]> = Object.fromEntries(copyIds.map((id) => [id, []]));
  pages.forEach((p, i) => out[p.copyId!]?.push({ page: p.position + 1, widthPt: p.widthPt, heightPt: p.heightPt, images: images[i]! }));
  for (const list of Object.values(out)) list.sort((a, b) => a.page - b.page);
  return out;
}
