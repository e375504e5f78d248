// Content-addressed files under DATA_DIR/media: <kind>/<sha256[0:2]>/<sha256>.<ext>.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export class MediaStore {
  constructor(readonly root: string) {}

  relPath(kind: string, sha256: string, ext: string): string {
    return path.posix.join(kind, sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  abs(rel: string): string {
    const p = path.resolve(this.root, rel);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error("path escapes the media root");
    return p;
  }

  /** Stores bytes once; returns the relative path and hash. Writes via a temp file + rename. */
  async putBytes(kind: string, bytes: Uint8Array, ext: string): Promise<{ rel: string; sha256: string; size: number }> {
    const sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
    const rel = this.relPath(kind, sha256, ext);
    const abs = this.abs(rel);
    if (!fs.existsSync(abs)) {
      await fs.promises.mkdir(path.dirname(abs), { recursive: true });
      const tmp = `${abs}.${process.pid}.${crypto.randomUUID()}.tmp`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, abs);
    }
    return { rel, sha256, size: bytes.byteLength };
  }

  /** Adopts a file already on disk (e.g. a streamed upload) under its content address. */
  async adopt(kind: string, tmpAbs: string, sha256: string, ext: string): Promise<string> {
    const rel = this.relPath(kind, sha256, ext);
    const abs = this.abs(rel);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    if (fs.existsSync(abs)) await fs.promises.rm(tmpAbs, { force: true });
    else await fs.promises.rename(tmpAbs, abs);
    return rel;
  }

  tmpPath(): string {
    const dir = path.join(this.root, "tmp");
    fs.mkdirSync(dir, { recursive: true });
    return path.join(dir, `${Date.now()}-${crypto.randomUUID()}.part`);
  }
}
