// What changed between a student's released versions of a copy (GET /api/portal/copies/:id/changes).
import { get } from "./http.ts";

export type ChangeReason = "regrade" | "correction" | "rubric";

export interface PortalVersionSummary {
  number: number;
  releasedAt: string;
  total: number;
  maxPoints: number;
  pdf: { url: string; downloadUrl: string; sizeBytes: number };
}

export interface QuestionChange {
  questionId: string;
  label: string;
  /** "Exercice 2 › 2.a" */
  path: string;
  max: number;
  maxBefore: number;
  before: number | null;
  after: number | null;
  reason: ChangeReason;
  /** every reason met between the two versions, strongest first */
  reasons: ChangeReason[];
}

export interface PortalVersionChanges {
  /** newest first */
  versions: PortalVersionSummary[];
  current: number | null;
  from: number | null;
  changes: QuestionChange[];
  total: { before: number; after: number; maxBefore: number; maxAfter: number } | null;
}

export const portalChanges = (copyId: string, from?: number) =>
  get<PortalVersionChanges>(`/api/portal/copies/${encodeURIComponent(copyId)}/changes${from ? `?from=${from}` : ""}`);
