// What a test finds on disk under a folder: an upload's partial files, the media a server kept.
import fs from "node:fs";
import path from "node:path";

/** Every file below `dir` (none when it does not exist). */
export const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.join(d.parentPath, d.name))
    : [];

/** Their bytes in all (a file deleted meanwhile counts nothing). */
export const bytesUnder = (dir: string): number => filesUnder(dir).reduce((s, f) => s + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
