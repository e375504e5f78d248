// The split of a QR_BOOKLETS batch: chunk by chunk, the scanned pages are extracted into their own
// one-page PDFs (the PDF child), their codes read from those small files (raster threads, a page
// per thread: a thread never loads the whole batch, so a 2,000-page scan costs it no more than a
// 20-page one), then one transaction per chunk puts the pages into their booklets' copies (created
// at the booklet's first page, with the number and anonymous code reserved at printing, and the
// student for a named booklet) or sets them aside with their reason. The next chunks are extracted
// and read while one is being stored. Resumable like the other modes: processedPages guards each
// chunk, a re-run skips what is stored.
import crypto from "node:crypto";
import type { Logger } from "pino";
import type { AppContext } from "../context.ts";
import type { Prisma } from "../db/client.ts";
import { enqueuePageImages } from "../imaging/page-images-job.ts";
import { sharedRasterPool } from "../imaging/raster-pool.ts";
import { notifyBatchProgress } from "../intake/batch-progress.ts";
import { displayed } from "../intake/batch-layout.ts";
import { MediaStore } from "../storage/media-store.ts";
import type { PdfChild } from "../intake/pdf-inspect.ts";
import type { SourcePageInfo } from "../intake/pdf-problem.ts";
import { parseCode } from "./booklet-code.ts";
import { placePages, type KnownBooklet, type Placement } from "./place-pages.ts";
import type { CodeScan } from "./read-codes.ts";

type Tx = Prisma.TransactionClient;

/** Scanned pages per transaction (live progress), as in the other modes. */
export const CODE_CHUNK = 24;

interface Batch {
  id: string;
  examId: string;
  processedPages: number;
  options: unknown;
}

/** Chunks prepared (extracted and read) ahead of the one being stored. */
const AHEAD = 2;

interface PreparedChunk {
  sides: number[];
  extracted: Map<number, string>;
  scans: Array<{ side: number; scan: CodeScan }>;
}

async function readChunk(media: MediaStore, sides: number[], extracted: Map<number, string>): Promise<Array<{ side: number; scan: CodeScan }>> {
  const pool = sharedRasterPool();
  return Promise.all(
    sides.map(async (side) => ({
      side,
      scan: await pool
        .readCodes({ file: media.abs(extracted.get(side)!), sourcePage: 0 })
        .catch((e: Error): CodeScan => ({ codes: [], ink: 1, error: e.message })),
    })),
  );
}

/** Extracts chunk after chunk (one at a time in the PDF child) and reads each as soon as it is out. */
function chunkPipeline(pdf: PdfChild, file: string, mediaRoot: string, from: number, total: number): () => Promise<PreparedChunk> | null {
  const media = new MediaStore(mediaRoot);
  let next = from;
  let extracting: Promise<unknown> = Promise.resolve();
  const queue: Array<Promise<PreparedChunk>> = [];
  const start = () => {
    if (next >= total) return;
    const sides = Array.from({ length: Math.min(CODE_CHUNK, total - next) }, (_, i) => next + i);
    next += sides.length;
    const extracted = extracting.then(async () => new Map((await pdf.extract(file, sides, mediaRoot)).map((e) => [e.index, e.rel])));
    extracting = extracted.catch(() => {});
    const prepared = extracted.then(async (ex) => ({ sides, extracted: ex, scans: await readChunk(media, sides, ex) }));
    prepared.catch(() => {}); // awaited in turn; a chunk left behind by a failure must not crash the worker
    queue.push(prepared);
  };
  for (let i = 0; i <= AHEAD; i++) start();
  return () => {
    const head = queue.shift();
    if (head) start();
    return head ?? null;
  };
}

async function knownBooklets(
  tx: Tx,
  scans: Array<{ scan: CodeScan }>,
): Promise<{ booklets: Map<string, KnownBooklet>; secrets: Map<string, string>; present: Set<string> }> {
  const tokens = new Set<string>();
  for (const { scan } of scans)
    for (const c of scan.codes) {
      const p = parseCode(c.text);
      if (p.ok) tokens.add(p.token);
    }
  const rows = tokens.size
    ? await tx.booklet.findMany({
        where: { token: { in: [...tokens] } },
        select: {
          id: true,
          token: true,
          examId: true,
          kind: true,
          pageCount: true,
          anonymousCode: true,
          copyId: true,
          copy: { select: { state: true } },
          exam: { select: { bookletSecret: true } },
        },
      })
    : [];
  const booklets = new Map<string, KnownBooklet>();
  const secrets = new Map<string, string>();
  for (const r of rows) {
    booklets.set(r.token, {
      id: r.id,
      examId: r.examId,
      kind: r.kind,
      pageCount: r.pageCount,
      anonymousCode: r.anonymousCode,
      copyId: r.copyId,
      copyState: r.copy?.state ?? null,
    });
    if (r.exam.bookletSecret) secrets.set(r.examId, r.exam.bookletSecret);
  }
  const copyIds = rows.flatMap((r) => (r.copyId ? [r.copyId] : []));
  const present = new Set<string>();
  if (copyIds.length) {
    const pages = await tx.page.findMany({ where: { copyId: { in: copyIds }, bookletPage: { not: null } }, select: { copyId: true, bookletPage: true } });
    const byCopy = new Map(rows.map((r) => [r.copyId, r.id]));
    for (const p of pages) present.add(`${byCopy.get(p.copyId)}:${p.bookletPage}`);
  }
  return { booklets, secrets, present };
}

function size(info: SourcePageInfo, rotation: number): { widthPt: number; heightPt: number } {
  const d = displayed(info);
  const [w, h] = rotation % 180 === 0 ? [d.w, d.h] : [d.h, d.w];
  return { widthPt: Math.round(w * 100) / 100, heightPt: Math.round(h * 100) / 100 };
}

/** Copies for the booklets met for the first time (locked: two batches of one class may run at once). */
async function copiesFor(tx: Tx, batch: Batch, placed: Placement[], variant: string | null): Promise<Map<string, string>> {
  const ids = [...new Set(placed.flatMap((p) => (p.kind === "page" ? [p.bookletId] : [])))];
  const out = new Map<string, string>();
  if (!ids.length) return out;
  const rows = await tx.$queryRaw<Array<{ id: string; copyId: string | null; seq: number | null; anonymousCode: string | null; studentId: string | null }>>`
    SELECT id, "copyId", seq, "anonymousCode", "studentId" FROM "Booklet" WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
  const fresh = rows.filter((b) => !b.copyId);
  for (const b of rows) if (b.copyId) out.set(b.id, b.copyId);
  if (!fresh.length) return out;
  // a named booklet identifies its copy, unless the student already has one (the desk settles it);
  // one query for the chunk's students, one insert, one update: no round trip per booklet
  const wanted = fresh.flatMap((b) => (b.studentId ? [b.studentId] : []));
  const taken = new Set(
    wanted.length
      ? (await tx.copy.findMany({ where: { examId: batch.examId, studentId: { in: wanted } }, select: { studentId: true } })).map((c) => c.studentId)
      : [],
  );
  const copies = fresh.map((b) => {
    const studentId = b.studentId && !taken.has(b.studentId) ? b.studentId : null;
    if (studentId) taken.add(studentId);
    return {
      id: crypto.randomUUID(),
      examId: batch.examId,
      batchId: batch.id,
      seq: b.seq!,
      anonymousCode: b.anonymousCode!,
      state: "STAGING" as const,
      variant,
      studentId,
    };
  });
  await tx.copy.createMany({ data: copies });
  await tx.$executeRaw`
    UPDATE "Booklet" b SET "copyId" = v.copy FROM unnest(${fresh.map((b) => b.id)}::uuid[], ${copies.map((c) => c.id)}::uuid[]) AS v(id, copy) WHERE b.id = v.id`;
  fresh.forEach((b, i) => out.set(b.id, copies[i]!.id));
  return out;
}

export async function splitByCodes(
  ctx: AppContext,
  batch: Batch,
  info: { pageCount: number; pages: SourcePageInfo[] },
  pdf: PdfChild,
  file: string,
  mediaRoot: string,
  log: Logger,
): Promise<{ copies: number }> {
  const variant = (batch.options as { variant?: string } | null)?.variant ?? null;
  let done = batch.processedPages;
  const touched = new Set<string>();
  const nextChunk = chunkPipeline(pdf, file, mediaRoot, done, info.pageCount);
  while (done < info.pageCount) {
    const { sides, scans, extracted } = (await nextChunk())!;
    const end = sides[sides.length - 1]! + 1;
    await ctx.db.$transaction(
      async (tx) => {
        const moved = await tx.scanBatch.updateMany({ where: { id: batch.id, processedPages: done, status: "PROCESSING" }, data: { processedPages: end } });
        if (moved.count !== 1) throw new Error(`batch ${batch.id} changed under the job (expected ${done} processed pages)`);
        const known = await knownBooklets(tx, scans);
        const placed = placePages(scans, { examId: batch.examId, ...known });
        const copies = await copiesFor(tx, batch, placed, variant);
        await tx.page.createMany({
          data: placed.map((p) => ({
            batchId: batch.id,
            scanSide: p.side,
            sourcePath: extracted.get(p.side)!,
            sourcePage: 0,
            rotation: p.rotation,
            half: "FULL" as const,
            ...size(info.pages[p.side]!, p.rotation),
            ...(p.kind === "page"
              ? { copyId: copies.get(p.bookletId)!, bookletPage: p.page, position: 10_000 + p.page }
              : { copyId: null, position: 0, looseReason: p.detail ? `${p.reason}: ${p.detail}` : p.reason, extraBookletId: p.extraBookletId }),
          })),
        });
        const copyIds = [...new Set(copies.values())];
        copyIds.forEach((id) => touched.add(id));
        // positions follow the printed page numbers (a page arriving later slides in)
        if (copyIds.length)
          await tx.$executeRaw`
            UPDATE "Page" p SET position = r.rn FROM (
              SELECT id, (row_number() OVER (PARTITION BY "copyId" ORDER BY "bookletPage" NULLS LAST, position, "createdAt", id) - 1)::int AS rn
                FROM "Page" WHERE "copyId" = ANY(${copyIds}::uuid[])) r
             WHERE p.id = r.id AND p.position <> r.rn`;
        await notifyBatchProgress(tx, { examId: batch.examId, batchId: batch.id, processed: end, total: info.pageCount, status: "PROCESSING" });
      },
      { timeout: 60_000 },
    );
    done = end;
  }
  // images once the batch is sorted: reading the codes uses the same raster threads, and a sorted
  // batch (what the office waits for) comes first; its copies are validated before anyone grades
  await ctx.db.$transaction((tx) => enqueuePageImages(tx, batch.examId));
  log.info({ batchId: batch.id, copies: touched.size, pages: info.pageCount }, "booklet batch sorted by codes");
  return { copies: touched.size };
}
