// What the API says about a page of a copy (never its storage path).
export interface PageView {
  id: string;
  position: number;
  rotation: number;
  half: string;
  widthPt: number;
  heightPt: number;
  batchId: string | null;
}

export const toPageView = (p: { id: string; position: number; rotation: number; half: string; widthPt: number; heightPt: number; batchId: string | null }): PageView => ({
  id: p.id,
  position: p.position,
  rotation: p.rotation,
  half: p.half,
  widthPt: p.widthPt,
  heightPt: p.heightPt,
  batchId: p.batchId,
});
