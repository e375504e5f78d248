// npm run bench:qr-profile [-- N]: where the code reading of one scanned page spends its time, measured in
// this process (one core), on the same synthetic scan as bench:qr (clean and damaged pages).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildBookletPdf } from "../../server/booklets/booklet-pdf.ts";
import { newBookletSecret, newBookletToken } from "../../server/booklets/booklet-code.ts";
import { readCodes, readTimings } from "../../server/booklets/read-codes.ts";
import { PrintedPages, rng, scanPdf, type ScannedPage } from "../lib/synthetic-scan.ts";

const N = Number(process.argv[2] ?? 40);
const rand = rng(7);
const booklets = Array.from({ length: Math.ceil(N / 4) }, (_, i) => ({
  token: newBookletToken(),
  kind: "COPY" as const,
  pageCount: 4,
  anonymousCode: `AB12-${i}`,
  student: null,
}));
const pdf = await buildBookletPdf({ secret: newBookletSecret(), examTitle: "Profile", template: null, booklets } as never);
const printed = new PrintedPages(pdf);
const plan: ScannedPage[] = Array.from({ length: N }, (_, i) => {
  const dpi = rand() < 0.5 ? 150 : 200;
  if (i % 2 === 0) return { printed: i, damage: { dpi, jpegQuality: 85 } };
  const rotate = ([0, 90, 180, 270] as const)[Math.floor(rand() * 4)]!;
  return {
    printed: i,
    damage: {
      dpi,
      rotate,
      skew: (rand() * 2 - 1) * 3,
      blur: rand() < 0.5 ? 0.4 + rand() * 0.8 : undefined,
      noise: rand() < 0.5 ? rand() * 0.02 : undefined,
      jpegQuality: 35 + Math.floor(rand() * 45),
    },
  };
});
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qr-profile-"));
const file = path.join(dir, "scan.pdf");
fs.writeFileSync(file, await scanPdf(printed, plan, 3));
printed.destroy();
await readCodes({ file, sourcePage: 0 }); // warm-up: WASM start
readTimings.splice(0);
const t0 = performance.now();
let read = 0;
for (let i = 0; i < N; i++) if ((await readCodes({ file, sourcePage: i })).codes.length) read++;
const total = performance.now() - t0;
const sum = (k: "draw" | "decode") => readTimings.reduce((s, t) => s + t[k], 0);
const tries = readTimings.reduce((s, t) => s + t.tries, 0);
console.log(
  `${N} pages read ${read}/${N} in ${total.toFixed(0)} ms: ${(total / N).toFixed(1)} ms/page — draw ${(sum("draw") / N).toFixed(1)}, decode ${(sum("decode") / N).toFixed(1)} (${(tries / N).toFixed(2)} tries/page); load ${os.loadavg()[0]!.toFixed(2)}`,
);
fs.rmSync(dir, { recursive: true, force: true });
