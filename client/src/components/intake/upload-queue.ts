// Sends scan files to the server a few at a time. One request carries several files (the upload
// rate limit counts requests), progress per file comes from the request's byte count, and a file
// the server refuses is taken out while the others of its request are sent again.
import { ApiError } from '../../api/http.ts';
import { uploadScans, type Batch, type UploadFields } from '../../api/intake.ts';

export type FileStatus = 'waiting' | 'sending' | 'sent' | 'refused';

export interface QueuedFile {
  key: number;
  file: File;
  status: FileStatus;
  /** 0..1 of the bytes sent */
  progress: number;
  /** the server's code for a refused file */
  code?: string;
  batch?: Batch;
  /** send this one alone (its request was too large with others) */
  alone?: boolean;
}

const MAX_FILES_PER_REQUEST = 10;
const MAX_BYTES_PER_REQUEST = 40 * 1024 * 1024;

/** The next files to send together: consecutive waiting files under both caps. */
export function nextGroup(queue: QueuedFile[]): QueuedFile[] {
  const group: QueuedFile[] = [];
  let bytes = 0;
  for (const f of queue) {
    if (f.status !== 'waiting') continue;
    if (group.length && (f.alone || group[0]!.alone || group.length >= MAX_FILES_PER_REQUEST || bytes + f.file.size > MAX_BYTES_PER_REQUEST)) break;
    group.push(f);
    bytes += f.file.size;
  }
  return group;
}

/** Spreads the request's bytes over its files in the order they are sent. */
export function spread(group: QueuedFile[], loaded: number, total: number): void {
  const sum = group.reduce((s, f) => s + f.file.size, 0) || 1;
  let left = (loaded / Math.max(total, 1)) * sum;
  for (const f of group) {
    f.progress = Math.max(0, Math.min(1, left / Math.max(f.file.size, 1)));
    left -= f.file.size;
  }
}

export interface QueueStop {
  /** the error that stopped the queue (rate limit, network …) */
  error: ApiError | unknown;
}

/**
 * Sends every waiting file; `changed` after each step. Resolves null when the queue is empty,
 * or with the error that stopped it (the files not sent stay waiting).
 */
export async function sendAll(examId: string, fields: UploadFields, queue: QueuedFile[], changed: () => void, signal: { aborted: boolean }): Promise<QueueStop | null> {
  for (let group = nextGroup(queue); group.length && !signal.aborted; group = nextGroup(queue)) {
    for (const f of group) f.status = 'sending';
    changed();
    try {
      const upload = uploadScans(examId, fields, group.map((f) => f.file), (loaded, total) => {
        spread(group, loaded, total);
        changed();
      });
      const { batches } = await upload.promise;
      group.forEach((f, i) => Object.assign(f, { status: 'sent', progress: 1, batch: batches[i] }));
    } catch (error) {
      if (!refuse(group, error)) {
        for (const f of group) Object.assign(f, { status: 'waiting', progress: 0 });
        changed();
        return { error };
      }
    }
    changed();
  }
  return null;
}

/** Marks the files the server refused; false when the error is not about particular files. */
function refuse(group: QueuedFile[], error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const details = (error.details ?? {}) as { problems?: Array<{ file: string; code: string }>; file?: string };
  const back = () => group.forEach((f) => f.status === 'sending' && Object.assign(f, { status: 'waiting', progress: 0 }));
  if (error.code === 'PAYLOAD_TOO_LARGE') {
    if (group.length === 1) Object.assign(group[0]!, { status: 'refused', code: error.code });
    else group.forEach((f) => (f.alone = true));
    back();
    return true;
  }
  const named = details.problems ?? (details.file ? [{ file: details.file, code: error.code }] : []);
  let refused = 0;
  for (const p of named) {
    const f = group.find((g) => g.file.name === p.file && g.status === 'sending');
    if (!f) continue;
    Object.assign(f, { status: 'refused', code: p.code, progress: 0 });
    refused++;
  }
  if (!refused) return false; // nothing to take out: sending again would fail the same way
  back();
  return true;
}
