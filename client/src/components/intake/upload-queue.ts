// Sends scan files to the server a few at a time. One request carries several files (the upload
// rate limit counts requests), progress per file comes from the request's byte count, and a file
// the server refuses is taken out while the others of its request are sent again. A file can be
// cancelled while its request is on the way: the request is aborted (the server deletes what it
// received and creates no batch) and the other files of the request are sent again.
import { ApiError } from "../../api/http.ts";
import { uploadScans, type Batch, type UploadFields } from "../../api/intake.ts";

export type FileStatus = "waiting" | "sending" | "sent" | "refused" | "cancelled";

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
    if (f.status !== "waiting") continue;
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

/** What the page holds to stop the queue. */
export interface QueueControl {
  /** stop after the request in flight (the page was left), or at once with cancelAll() */
  aborted: boolean;
  /** the request in flight, to abort it */
  upload?: { abort(): void } | null;
}

/** Cancels one file: a waiting one is skipped; a sending one aborts its request. */
export function cancelFile(f: QueuedFile, control: QueueControl): void {
  if (f.status !== "waiting" && f.status !== "sending") return;
  const wasSending = f.status === "sending";
  Object.assign(f, { status: "cancelled", progress: 0 });
  if (wasSending) control.upload?.abort();
}

/**
 * Cancels every file not sent yet, and the request in flight while it still has bytes to send
 * (once the server has the whole request, it is checking the files and will store them).
 */
export function cancelAll(queue: QueuedFile[], control: QueueControl): void {
  control.aborted = true;
  const abort = cancellable(queue);
  for (const f of queue) if (f.status === "waiting" || (abort && f.status === "sending")) Object.assign(f, { status: "cancelled", progress: 0 });
  if (abort) control.upload?.abort();
}

/** Whether the request in flight has still bytes to send: cancelling then stores nothing. */
export function cancellable(queue: QueuedFile[]): boolean {
  const sending = queue.filter((f) => f.status === "sending");
  return sending.length > 0 && sending.some((f) => f.progress < 1);
}

export interface QueueStop {
  /** the error that stopped the queue (rate limit, network …) */
  error: ApiError | unknown;
}

/**
 * Sends every waiting file; `changed` after each step. Resolves null when the queue is empty,
 * or with the error that stopped it (the files not sent stay waiting).
 */
export async function sendAll(examId: string, fields: UploadFields, queue: QueuedFile[], changed: () => void, signal: QueueControl): Promise<QueueStop | null> {
  for (let group = nextGroup(queue); group.length && !signal.aborted; group = nextGroup(queue)) {
    for (const f of group) f.status = "sending";
    changed();
    try {
      const upload = uploadScans(
        examId,
        fields,
        group.map((f) => f.file),
        (loaded, total) => {
          spread(group, loaded, total);
          changed();
        },
      );
      signal.upload = upload;
      const { batches } = await upload.promise;
      // sent, even if cancelled too late (the server had the whole request): the batches exist
      group.forEach((f, i) => Object.assign(f, { status: "sent", progress: 1, batch: batches[i] }));
    } catch (error) {
      if (error instanceof ApiError && error.code === "ABORTED") {
        // cancelled: the files still marked sending go back to the queue, without the cancelled ones
        for (const f of group) if (f.status === "sending") Object.assign(f, { status: "waiting", progress: 0 });
        changed();
        continue;
      }
      if (!refuse(group, error)) {
        for (const f of group) if (f.status === "sending") Object.assign(f, { status: "waiting", progress: 0 });
        changed();
        return { error };
      }
    } finally {
      signal.upload = null;
    }
    changed();
  }
  return null;
}

/** Marks the files the server refused; false when the error is not about particular files. */
function refuse(group: QueuedFile[], error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const details = (error.details ?? {}) as { problems?: Array<{ file: string; code: string }>; file?: string };
  const back = () => group.forEach((f) => f.status === "sending" && Object.assign(f, { status: "waiting", progress: 0 }));
  if (error.code === "PAYLOAD_TOO_LARGE") {
    if (group.length === 1) Object.assign(group[0]!, { status: "refused", code: error.code });
    else group.forEach((f) => (f.alone = true));
    back();
    return true;
  }
  const named = details.problems ?? (details.file ? [{ file: details.file, code: error.code }] : []);
  let refused = 0;
  for (const p of named) {
    const f = group.find((g) => g.file.name === p.file && g.status === "sending");
    if (!f) continue;
    Object.assign(f, { status: "refused", code: p.code, progress: 0 });
    refused++;
  }
  if (!refused) return false; // nothing to take out: sending again would fail the same way
  back();
  return true;
}
