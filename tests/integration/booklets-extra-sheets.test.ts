// Extra answer sheets in the stapler: a sheet set aside by the split (EXTRA_SHEET) is found by the
// name or code written on it, attached after its copy's last page (in order when there are several),
// never changes the copy's booklet integrity, is audited, refused on a closed copy or another
// exam's, and detached back to the stapler. Real PostgreSQL, real split of a scanned PDF.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeExamImages } from "../../server/imaging/make-exam-images.ts";
import { RasterPool } from "../../server/imaging/raster-pool.ts";
import { releaseBlocks } from "../../server/release/release-gate.ts";
import { PrintedPages, scanPdf } from "../../scripts/lib/synthetic-scan.ts";
import { TestClient } from "../helpers/http-client.ts";
import { createExam, fetchBytes, split, startIntake, upload, type IntakeEnv } from "../helpers/intake-setup.ts";

let env: IntakeEnv;
const pool = new RasterPool({ size: 1 });

beforeAll(async () => {
  env = await startIntake();
}, 120_000);
afterAll(async () => {
  await pool.close();
  await env?.close();
});

interface Scanned {
  examId: string;
  /** copy id by student last name */
  copyOf: Map<string, string>;
  /** the extra sheets' page ids, in print order */
  sheets: string[];
  blankPageId: string;
}

/** A named run of one-page booklets for MARTIN and PETIT with two extra sheets, scanned and sorted. */
async function scannedClass(title: string, className: string): Promise<Scanned> {
  const examId = await createExam(env.admin, title);
  for (const lastName of ["MARTIN", "PETIT"]) await env.tdb.db.student.create({ data: { lastName, firstName: "Léa", className } });
  const run = await env.admin.post(`/api/exams/${examId}/booklets`, {
    mode: "named",
    classNames: [className],
    extraSheets: 2,
    template: "blank",
    pageCount: 1,
  });
  expect(run.status, JSON.stringify(run.body)).toBe(201);
  const printed = new PrintedPages((await fetchBytes(env.admin, run.body.pdfUrl)).bytes);
  expect(printed.count).toBe(4); // two booklets, two extra sheets
  const scan = await scanPdf(
    printed,
    [0, 2, 1, 3, null].map((p) => ({ printed: p, damage: { dpi: 150 } })),
    9,
  );
  printed.destroy();
  const up = await upload(env.admin, examId, { mode: "QR_BOOKLETS" }, [{ name: "scan.pdf", bytes: scan }]);
  expect(up.status, JSON.stringify(up.body)).toBe(202);
  expect((await split(env.server, up.body.batches[0].id)).status).toBe("DONE");
  const pages = await env.tdb.db.page.findMany({
    where: { batch: { examId } },
    orderBy: { scanSide: "asc" },
    include: { copy: { include: { student: true } } },
  });
  const copyOf = new Map(pages.flatMap((p) => (p.copy?.student ? [[p.copy.student.lastName, p.copy.id] as [string, string]] : [])));
  const sheets = pages.filter((p) => p.looseReason === "EXTRA_SHEET").map((p) => p.id);
  expect(sheets).toHaveLength(2);
  return { examId, copyOf, sheets, blankPageId: pages.find((p) => p.looseReason === "BLANK")!.id };
}

const copyPages = (copyId: string) =>
  env.tdb.db.page.findMany({ where: { copyId }, orderBy: { position: "asc" }, select: { id: true, position: true, bookletPage: true } });
const audits = (action: string) => env.tdb.db.auditEvent.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("extra answer sheets", () => {
  let s: Scanned;
  beforeAll(async () => {
    s = await scannedClass("Bac blanc feuilles", "TG1-XS");
  }, 180_000);

  it("finds the copy by the student's name, its anonymous code or its number", async () => {
    const byName = await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=${encodeURIComponent("petit")}`);
    expect(byName.status).toBe(200);
    expect(byName.body.copies[0]).toMatchObject({ id: s.copyOf.get("PETIT"), attachable: true, student: { name: "PETIT Léa", className: "TG1-XS" } });
    const copy = await env.tdb.db.copy.findUniqueOrThrow({ where: { id: s.copyOf.get("MARTIN")! } });
    const byCode = await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=${copy.anonymousCode.toLowerCase()}`);
    expect(byCode.body.copies.map((c: { id: string }) => c.id)).toEqual([copy.id]);
    const byNumber = await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=${copy.seq}`);
    expect(byNumber.body.copies[0].id).toBe(copy.id);
    expect((await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=zzzzqqq`)).body.copies).toEqual([]);
    expect((await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=`)).status).toBe(400);
    expect((await env.admin.get(`/api/exams/${s.examId}/stapler/copy-suggestions?q=${"x".repeat(81)}`)).status).toBe(400);
  });

  it("attaches sheets after the copy's last page, in order, keeps the booklet complete, audits and makes the images", async () => {
    const martin = s.copyOf.get("MARTIN")!;
    const before = await copyPages(martin);
    expect(before.map((p) => p.bookletPage)).toEqual([1]);
    for (const pageId of s.sheets) {
      const r = await env.admin.post(`/api/exams/${s.examId}/stapler/attach-extra`, { pageId, copyId: martin });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.stapler.loosePages.some((p: { id: string }) => p.id === pageId)).toBe(false);
    }
    const after = await copyPages(martin);
    expect(after.map((p) => p.id)).toEqual([before[0]!.id, ...s.sheets]);
    expect(after.map((p) => p.position)).toEqual([0, 1, 2]);
    // integrity counts printed pages only: still complete, nothing missing, the gate says nothing of pages
    const summary = await env.admin.get(`/api/exams/${s.examId}/booklets`);
    expect(summary.body).toMatchObject({ scanned: 2, complete: 2, incomplete: [] });
    const gate = await env.tdb.db.$transaction((tx) => releaseBlocks(tx, s.examId, [martin]));
    expect(gate.flatMap((g) => g.reasons)).not.toContain("PAGES_MISSING");
    const logged = (await audits("stapler.extra_sheet_attached")).filter((a) => a.targetId === martin);
    expect(logged.map((a) => (a.details as { pageId: string; position: number }).position)).toEqual([1, 2]);
    expect(logged[0]!.actorId).toBe((await env.tdb.db.user.findFirstOrThrow({ where: { role: "ADMIN" } })).id);
    // the desk shows page images: the sheets get theirs as pages of the copy
    const queued = await env.tdb.db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`page-images:${s.examId}`}`;
    expect(Number(queued[0]!.n)).toBe(1);
    await makeExamImages(env.server.ctx, s.examId, pool, env.server.ctx.log);
    const images = await env.tdb.db.pageImage.findMany({ where: { pageId: { in: s.sheets } } });
    expect(new Set(images.map((i) => i.pageId))).toEqual(new Set(s.sheets));
    // the name written in the sheet's box is hidden from graders like the cover's: a redacted twin
    for (const id of s.sheets)
      expect(
        images
          .filter((i) => i.pageId === id && i.redacted)
          .map((i) => i.variant)
          .sort(),
      ).toEqual(["read", "thumb"]);
  }, 120_000);

  it("detaches a sheet back to the stapler with its reason (undo), the others closing up", async () => {
    const martin = s.copyOf.get("MARTIN")!;
    const [first, second] = s.sheets;
    const r = await env.admin.post(`/api/exams/${s.examId}/stapler/detach-extra`, { pageId: first });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.stapler.loosePages.find((p: { id: string }) => p.id === first)).toMatchObject({ looseReason: "EXTRA_SHEET" });
    expect((await copyPages(martin)).map((p) => [p.id, p.position])).toEqual([
      [(await copyPages(martin))[0]!.id, 0],
      [second, 1],
    ]);
    expect((await audits("stapler.extra_sheet_detached")).map((a) => (a.details as { pageId: string }).pageId)).toEqual([first]);
    // attached again elsewhere: it is just a sheet of the stapler once more
    const again = await env.admin.post(`/api/exams/${s.examId}/stapler/attach-extra`, { pageId: first, copyId: s.copyOf.get("PETIT") });
    expect(again.status).toBe(200);
    expect((await copyPages(s.copyOf.get("PETIT")!)).map((p) => p.id).at(-1)).toBe(first);
  });

  it("refuses what it must with stable codes and changes nothing", async () => {
    const other = await scannedClass("Autre examen", "TG2-XS");
    const martin = s.copyOf.get("MARTIN")!;
    const sheet = other.sheets[0]!;
    const snapshot = async () =>
      env.tdb.db.page.findMany({
        where: { batch: { examId: { in: [s.examId, other.examId] } } },
        orderBy: { id: "asc" },
        select: { id: true, copyId: true, position: true, looseReason: true },
      });
    const before = await snapshot();
    const attach = (examId: string, body: unknown) => env.admin.post(`/api/exams/${examId}/stapler/attach-extra`, body);
    const refused: Array<[Promise<{ status: number; body: { code: string } }>, number, string]> = [
      [attach(other.examId, { pageId: sheet, copyId: martin }), 404, "NOT_FOUND"], // a copy of another exam
      [attach(s.examId, { pageId: sheet, copyId: martin }), 404, "NOT_FOUND"], // a sheet of another exam
      [attach(other.examId, { pageId: other.blankPageId, copyId: other.copyOf.get("MARTIN") }), 409, "NOT_AN_EXTRA_SHEET"],
      [attach(s.examId, { pageId: s.sheets[1], copyId: martin }), 409, "INVALID_STATE"], // attached already
      [attach(other.examId, { pageId: sheet, copyId: "7d1b0f1e-0000-4000-8000-000000000000" }), 404, "NOT_FOUND"],
      [attach(other.examId, { pageId: sheet }), 400, "VALIDATION_FAILED"],
      [attach(other.examId, { pageId: "not-a-uuid", copyId: martin }), 400, "VALIDATION_FAILED"],
      [attach(other.examId, { pageId: sheet, copyId: martin, position: 0 }), 400, "VALIDATION_FAILED"],
      [env.admin.post(`/api/exams/${other.examId}/stapler/detach-extra`, { pageId: sheet }), 409, "INVALID_STATE"], // not attached
    ];
    for (const [call, status, code] of refused) {
      const r = await call;
      expect([r.status, r.body.code]).toEqual([status, code]);
    }
    // a validated copy is closed: no sheet joins it, none leaves it
    const v = await env.admin.post(`/api/exams/${other.examId}/validate`, {});
    expect(v.status, JSON.stringify(v.body)).toBe(200);
    const closed = await attach(other.examId, { pageId: sheet, copyId: other.copyOf.get("PETIT") });
    expect([closed.status, closed.body.code]).toEqual([409, "COPY_CLOSED"]);
    const closedSuggestion = await env.admin.get(`/api/exams/${other.examId}/stapler/copy-suggestions?q=petit`);
    expect(closedSuggestion.body.copies[0]).toMatchObject({ attachable: false, state: "READY" });
    expect(await snapshot()).toEqual(before.map((p) => p)); // the validation moved no page
  }, 180_000);

  it("lets only the office's admins in", async () => {
    const martin = s.copyOf.get("MARTIN")!;
    const calls = [
      { method: "GET", url: `/api/exams/${s.examId}/stapler/copy-suggestions?q=martin` },
      { method: "POST", url: `/api/exams/${s.examId}/stapler/attach-extra`, json: { pageId: s.sheets[0], copyId: martin } },
      { method: "POST", url: `/api/exams/${s.examId}/stapler/detach-extra`, json: { pageId: s.sheets[1] } },
    ];
    const clients: Array<[string, TestClient, number, string]> = [
      ["anonymous", new TestClient(env.server.url), 401, "UNAUTHENTICATED"],
      ["STUDENT", await env.as("STUDENT"), 403, "FORBIDDEN"],
      ["GRADER", await env.as("GRADER"), 403, "FORBIDDEN"],
      ["SUPERVISOR", await env.as("SUPERVISOR"), 403, "FORBIDDEN"],
    ];
    const before = await env.tdb.db.page.findMany({ where: { id: { in: s.sheets } }, orderBy: { id: "asc" } });
    for (const [role, c, status, code] of clients) {
      for (const call of calls) {
        const r = await c.request(call.method, call.url, { json: call.json });
        expect([role, call.url, r.status, r.body.code]).toEqual([role, call.url, status, code]);
      }
    }
    expect(await env.tdb.db.page.findMany({ where: { id: { in: s.sheets } }, orderBy: { id: "asc" } })).toEqual(before);
    // the admin: the detach then the attach go through
    const detach = await env.admin.request("POST", calls[2]!.url, { json: calls[2]!.json });
    expect(detach.status).toBe(200);
    const attach = await env.admin.request("POST", calls[1]!.url, { json: { pageId: s.sheets[1], copyId: martin } });
    expect(attach.status).toBe(200);
    expect((await env.admin.get(calls[0]!.url)).status).toBe(200);
  });
});
