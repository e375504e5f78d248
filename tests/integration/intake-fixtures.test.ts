// The Korrigo suite's real PDFs go through upload and split: page counts, copies, orientations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExam, startIntake, uploadAndSplit, type IntakeEnv } from "../helpers/intake-setup.ts";
import { fixture } from "../helpers/intake-pdfs.ts";

let env: IntakeEnv;
beforeAll(async () => {
  env = await startIntake();
});
afterAll(async () => env?.close());

async function pagesPerCopy(examId: string): Promise<number[]> {
  const copies = await env.tdb.db.copy.findMany({ where: { examId }, orderBy: { seq: "asc" }, include: { _count: { select: { pages: true } } } });
  return copies.map((c) => c._count.pages);
}

describe("Korrigo fixtures", () => {
  const cases: Array<[string, Record<string, string>, number[]]> = [
    ["copy_2p_simple.pdf", { mode: "PER_COPY" }, [2]],
    ["weird_metadata.pdf", { mode: "PER_COPY" }, [1]],
    ["copy_6p_multibooklet.pdf", { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [2, 2, 2]],
    ["multi_booklets_20p.pdf", { mode: "SPLIT_EVERY_N", pagesPerCopy: "4" }, [4, 4, 4, 4, 4]],
    ["scan_like_10p.pdf", { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, [2, 2, 2, 2, 2]],
    ["heavy_60p.pdf", { mode: "SPLIT_EVERY_N", pagesPerCopy: "2" }, Array(30).fill(2)],
  ];
  for (const [name, fields, expected] of cases) {
    it(`${name} (${fields.mode}${fields.pagesPerCopy ? ` every ${fields.pagesPerCopy}` : ""}) → ${expected.length} copies`, async () => {
      const examId = await createExam(env.admin);
      const [b] = await uploadAndSplit(env, examId, fields, [{ name, bytes: fixture(name) }]);
      expect(b!.totalPages).toBe(expected.reduce((a, n) => a + n, 0));
      expect(await pagesPerCopy(examId)).toEqual(expected);
    });
  }

  it("mixed_orientation.pdf: sizes recorded, landscape pages normalized with Page.rotation", async () => {
    const examId = await createExam(env.admin);
    await uploadAndSplit(env, examId, { mode: "PER_COPY", options: JSON.stringify({ normalizeLandscape: "rotate270" }) }, [
      { name: "mixed.pdf", bytes: fixture("mixed_orientation.pdf") },
    ]);
    const pages = await env.tdb.db.page.findMany({ where: { copy: { examId } }, orderBy: { position: "asc" } });
    expect(pages.map((p) => [Math.round(p.widthPt), Math.round(p.heightPt), p.rotation])).toEqual([
      [595, 842, 0],
      [595, 842, 270],
      [595, 842, 0],
      [595, 842, 270],
    ]);
  });
});
