// What the API says about a page of a copy (never its storage path): PageView of the contract.
import type { PageView } from "../../collab/contract/api/intake.ts";
import type { PageHalf } from "../db/client.ts";

export type { PageView };

interface PageRow {
  id: string;
  position: number;
  rotation: number;
  half: PageHalf;
  widthPt: number;
  heightPt: number;
  batchId: string | null;
  bookletPage?: number | null;
  looseReason?: string | null;
  extraBookletId?: string | null;
}

export const toPageView = (p: PageRow): PageView => ({
  id: p.id,
  position: p.position,
  rotation: p.rotation,
  half: p.half,
  widthPt: p.widthPt,
  heightPt: p.heightPt,
  batchId: p.batchId,
  bookletPage: p.bookletPage ?? null,
  looseReason: p.looseReason ?? null,
  extraSheet: !!p.extraBookletId,
});
