// The image URLs a view hands to the client for a copy's pages, pinned by content (?v=<sha prefix>)
// when the image the actor will get is already made; unpinned otherwise (made on first request).
import type { Db } from "../db/client.ts";
import type { Actor } from "../policy/actor.ts";
import { can } from "../policy/policy.ts";
import { parseZones } from "./identity-zones.ts";
import { VARIANTS, type Variant } from "./image-sizes.ts";
import { pageKey } from "./page-key.ts";
import { pageZones, type PageForImages } from "./wanted-images.ts";

export type PageImageUrls = Record<Variant, string> & { redacted: boolean; failed: boolean };

export interface ExamIdentity {
  identityZones: unknown;
  supervisorsSeeNames: boolean;
}

export async function pageImageUrls(
  db: Pick<Db, "pageImage">,
  actor: Actor,
  exam: ExamIdentity,
  pages: ReadonlyArray<PageForImages & { id: string; imageError?: string | null }>,
): Promise<PageImageUrls[]> {
  const zones = parseZones(exam.identityZones);
  const seesIdentity = can(actor, "copy.seeIdentity", { supervisorsSeeNames: exam.supervisorsSeeNames });
  const rows = pages.length
    ? await db.pageImage.findMany({
        where: { pageId: { in: pages.map((p) => p.id) } },
        select: { pageId: true, variant: true, redacted: true, key: true, sha256: true },
      })
    : [];
  return pages.map((p) => {
    const redactZones = seesIdentity ? [] : pageZones(p, zones);
    const redacted = redactZones.length > 0;
    const key = pageKey(p, redactZones);
    const url = (variant: Variant) => {
      const row = rows.find((r) => r.pageId === p.id && r.variant === variant && r.redacted === redacted && r.key === key);
      return `/api/pages/${p.id}/images/${variant}${row ? `?v=${row.sha256.slice(0, 16)}` : ""}`;
    };
    return { ...(Object.fromEntries(VARIANTS.map((v) => [v, url(v)])) as Record<Variant, string>), redacted, failed: !!p.imageError };
  });
}
