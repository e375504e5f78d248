// Identity zones of an exam (docs/anonymity.md).
import { get, request } from "./http.ts";

export interface IdentityZone {
  /** 1-based page position; null: every page */
  page: number | null;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface IdentityZonesView {
  zones: IdentityZone[];
  supervisorsSeeNames: boolean;
  samplePage: { id: string; widthPt: number; heightPt: number } | null;
}

export const identityZones = (examId: string) => get<IdentityZonesView>(`/api/exams/${examId}/identity-zones`);

export const saveIdentityZones = (examId: string, zones: IdentityZone[], supervisorsSeeNames: boolean) =>
  request<IdentityZonesView>("PUT", `/api/exams/${examId}/identity-zones`, { zones, supervisorsSeeNames });
