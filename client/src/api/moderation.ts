// Moderation's layers and blind second marking (#16): the shapes the server answers (docs/moderation.md).
import { del, get, post } from './http.ts';

export type MarkingStatus = 'WAITING' | 'GRADING' | 'DONE' | 'CANCELLED';

export interface SecondMarkingRow {
  copyId: string;
  anonymousCode: string;
  status: MarkingStatus;
  firstMarker: { id: string; displayName: string } | null;
  marker: { id: string; displayName: string } | null;
  requestedAt: string;
  finalizedAt: string | null;
}

export interface QueueRow {
  copyId: string;
  anonymousCode: string;
  examId: string;
  examTitle: string;
  status: MarkingStatus;
  requestedAt: string;
}

export interface LayerQuestion {
  questionId: string;
  path: string;
  max: number;
  first: number | null;
  second: number | null;
  /** each layer's comment on the question */
  comments: { first: string | null; second: string | null };
  agreed: { source: 'FIRST' | 'SECOND' | 'MANUAL' | 'RULE'; mark: number } | null;
}

export interface LayerOverview {
  copy: { id: string; examId: string; anonymousCode: string; state: string };
  marking: SecondMarkingRow | null;
  questions: LayerQuestion[];
  firstTotal: number;
  secondTotal: number;
  max: number;
  /** annotations drawn in each layer */
  annotations: { first: number; second: number };
  /** each layer's general comment */
  general: { first: string; second: string };
}

export type SampleRequest = { mode: 'percent'; percent: number; reopen?: boolean } | { mode: 'count'; count: number; reopen?: boolean } | { mode: 'copies'; copyIds: string[]; reopen?: boolean };

export const askSecondMarking = (examId: string, req: SampleRequest) =>
  post<{ created: Array<{ copyId: string }>; skipped: Array<{ copyId: string }>; reopened: string[] }>(`/api/exams/${examId}/second-markings`, req);
export const secondMarkings = (examId: string) => get<{ markings: SecondMarkingRow[] }>(`/api/exams/${examId}/second-markings`);
export const withdrawSecondMarking = (examId: string, copyId: string) => del<{ status: 'CANCELLED' }>(`/api/exams/${examId}/second-markings/${copyId}`);
export const mySecondMarkings = () => get<{ markings: QueueRow[] }>('/api/second-markings/mine');
/** The exam's copies (code → id), to ask for chosen copies by their codes. */
export const examCopyCodes = (examId: string) => get<{ copies: Array<{ id: string; anonymousCode: string }> }>(`/api/exams/${examId}/copies`);
export const layerOverview = (copyId: string) => get<LayerOverview>(`/api/copies/${copyId}/layers`);
