// Streams a multipart upload to temp files under the media root while hashing (sha256) and
// counting: the file is never held in memory. Past the size cap the upload is refused (413) and
// every partial file deleted.
import crypto from "node:crypto";
import fs from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { IncomingMessage } from "node:http";
import { AppError } from "../errors/app-error.ts";
import type { MediaStore } from "../storage/media-store.ts";

export interface ReceivedFile {
  field: string;
  originalName: string;
  mimeType: string;
  tmpPath: string;
  sha256: string;
  size: number;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  files: ReceivedFile[];
}

export interface UploadLimits {
  /** total bytes of all files of the request */
  maxBytes: number;
  maxFiles: number;
  fileField: string;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;

export function tooLarge(maxBytes: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The upload exceeds the limit of ${mb(maxBytes)} (MAX_UPLOAD_MB): split the scan into several files`,
    { maxBytes },
    { Connection: "close" },
  );
}

class Meter extends Transform {
  readonly hash = crypto.createHash("sha256");
  bytes = 0;
  constructor(
    private readonly budget: { left: number },
    private readonly onOver: () => void,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.budget.left -= chunk.length;
    if (this.budget.left < 0) {
      this.onOver(); // keep reading (and dropping) the rest so the client gets our answer
      return cb();
    }
    this.hash.update(chunk);
    cb(null, chunk);
  }
}

/** Deletes temp files that were not adopted into the store. */
export async function discardFiles(files: ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((f) => fs.promises.rm(f.tmpPath, { force: true })));
}

export function receiveUpload(req: IncomingMessage, media: MediaStore, limits: UploadLimits): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers["content-type"] ?? ""))
    return Promise.reject(new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the files as multipart/form-data"));
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limits.maxBytes + 1024 * 1024) {
    req.resume(); // let the client read our answer
    return Promise.reject(tooLarge(limits.maxBytes));
  }
  return new Promise<ReceivedUpload>((resolve, reject) => {
    const fields: Record<string, string> = {};
    const files: ReceivedFile[] = [];
    const writes: Promise<void>[] = [];
    const budget = { left: limits.maxBytes };
    let failure: AppError | null = null;
    let settled = false;

    const fail = (err: AppError) => {
      failure ??= err;
    };
    const finish = async () => {
      await Promise.allSettled(writes);
      if (settled) return;
      settled = true;
      if (failure) {
        await discardFiles(files);
        req.unpipe(bb);
        req.resume();
        reject(failure);
      } else resolve({ fields, files });
    };

    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: { files: limits.maxFiles, fields: 30, fieldSize: 64 * 1024, fileSize: limits.maxBytes + 1 },
        defParamCharset: "utf8",
      });
    } catch {
      // busboy throws at once on a missing boundary or a non-multipart type: the client's mistake
      req.resume();
      return reject(new AppError("BAD_REQUEST", "Send the files as multipart/form-data with a boundary"));
    }
    bb.on("field", (name, value) => {
      fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      if (name !== limits.fileField || !info.filename || failure) {
        stream.resume();
        return;
      }
      const tmpPath = media.tmpPath();
      const meter = new Meter(budget, () => fail(tooLarge(limits.maxBytes)));
      const entry: ReceivedFile = { field: name, originalName: info.filename.slice(0, 255), mimeType: info.mimeType, tmpPath, sha256: "", size: 0 };
      files.push(entry);
      writes.push(
        pipeline(stream, meter, fs.createWriteStream(tmpPath)).then(
          () => {
            entry.sha256 = meter.hash.digest("hex");
            entry.size = meter.bytes;
          },
          (e: unknown) => {
            stream.resume();
            fail(failure ?? new AppError("BAD_REQUEST", `The upload was interrupted (${(e as Error).message})`));
          },
        ),
      );
    });
    bb.on("filesLimit", () => fail(new AppError("BAD_REQUEST", `At most ${limits.maxFiles} files per upload`)));
    bb.on("error", (e: unknown) => {
      fail(new AppError("BAD_REQUEST", `Malformed multipart body (${(e as Error).message})`));
      void finish();
    });
    bb.on("close", () => void finish());
    // The client went away mid-body (a cancelled upload: xhr.abort() closes the connection).
    // busboy would wait forever for the rest, and so would the file being written: destroying
    // it ends the file streams with an error, so their partial files are deleted by finish().
    const aborted = () => {
      if (req.complete || settled) return;
      fail(new AppError("BAD_REQUEST", "The upload was aborted"));
      bb.destroy(new Error("the client aborted the upload"));
      void finish();
    };
    req.on("aborted", aborted);
    req.on("close", aborted);
    req.pipe(bb);
  });
}
