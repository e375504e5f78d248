// What the API says about a page of a copy (never its storage path).
export interface PageView {
  id: string;
  position: number;
  rotation: number;
  half: string;
  widthPt: number;
  heightPt: number;
  batchId: string | null;
  /** printed page number read from a booklet's QR code */
  bookletPage: number | null;
  /** why the split set this page aside: a stable code (UNREADABLE, BLANK, DUPLICATE …), then ": detail" */
  looseReason: string | null;
  /** an extra answer sheet (its own code, no printed page number): it can be attached or detached */
  extraSheet: boolean;
}

interface PageRow {
  id: string;
  position: number;
  rotation: number;
  half: string;
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
