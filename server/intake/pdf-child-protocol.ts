// Messages between the server (or worker) and the PDF child process.
import type { InspectResult } from "./pdf-problem.ts";

export type PdfRequest =
  | { id: number; op: "inspect"; path: string; keep: boolean }
  | { id: number; op: "extract"; path: string; pages: number[]; mediaRoot: string }
  | { id: number; op: "forget"; path: string };

export interface ExtractedPage {
  index: number;
  /** the single-page PDF, relative to the media root (content-addressed) */
  rel: string;
}

export type PdfResponse =
  | { id: number; op: "inspect"; result: InspectResult }
  | { id: number; op: "extract"; pages: ExtractedPage[] }
  | { id: number; op: "forgotten" }
  | { id: number; op: "error"; message: string }
  /** sent once by a child that has loaded: a request's time limit starts from there */
  | { id: 0; op: "ready" };
