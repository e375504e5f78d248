// Question regions of an exam (grading by question): where each question is answered on the copies.
import type { PageImages } from "../desk/page-images.ts";
import { get, put } from "./http.ts";

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Region {
  /** 1-based page of the copy */
  page: number;
  box: Box;
}

export interface RegionQuestion {
  id: string;
  label: string;
  path: string;
  maxPoints: number;
  variant: string | null;
  regions: Region[];
}

/** A page a question's regions fall on, for one copy (question:next hands these over). */
export interface RegionPage {
  /** 1-based page of the copy */
  page: number;
  widthPt: number;
  heightPt: number;
  images: PageImages;
}

export interface RegionsView {
  examId: string;
  questions: RegionQuestion[];
  /** staff only: the copy the region editor draws on */
  sample?: { copyId: string; anonymousCode: string; pageCount: number; pages: RegionPage[] } | null;
}

export const fetchRegions = (examId: string) => get<RegionsView>(`/api/exams/${encodeURIComponent(examId)}/regions`);

export const saveRegions = (examId: string, questions: Record<string, Region[]>) =>
  put<RegionsView>(`/api/exams/${encodeURIComponent(examId)}/regions`, { questions });

/** A question without regions shows its copy's first page whole. */
export const regionsOrWholePage = (q: Pick<RegionQuestion, "regions">): Region[] =>
  q.regions.length > 0 ? q.regions : [{ page: 1, box: { x: 0, y: 0, w: 1, h: 1 } }];
