// What the API says about a scan batch.
import type { BatchStatus, ScanMode } from "../db/client.ts";

export interface BatchView {
  id: string;
  examId: string;
  mode: ScanMode;
  pagesPerCopy: number | null;
  options: Record<string, unknown>;
  warnings: string[];
  status: BatchStatus;
  originalName: string;
  sha256: string;
  sizeBytes: number;
  totalPages: number;
  processedPages: number;
  error: string | null;
  copies: number;
  createdAt: string;
  /** page images made so far (list and get only) */
  images?: { ready: number; failed: number; total: number };
}

interface BatchRow {
  id: string;
  examId: string;
  mode: ScanMode;
  pagesPerCopy: number | null;
  options: unknown;
  status: BatchStatus;
  originalName: string;
  sha256: string;
  sizeBytes: bigint;
  totalPages: number;
  processedPages: number;
  error: string | null;
  createdAt: Date;
  _count?: { copies: number };
}

export function toBatchView(b: BatchRow): BatchView {
  const { warnings, ...options } = (b.options ?? {}) as { warnings?: string[] } & Record<string, unknown>;
  return {
    id: b.id,
    examId: b.examId,
    mode: b.mode,
    pagesPerCopy: b.pagesPerCopy,
    options,
    warnings: warnings ?? [],
    status: b.status,
    originalName: b.originalName,
    sha256: b.sha256,
    sizeBytes: Number(b.sizeBytes),
    totalPages: b.totalPages,
    processedPages: b.processedPages,
    error: b.error,
    copies: b._count?.copies ?? 0,
    createdAt: b.createdAt.toISOString(),
  };
}
