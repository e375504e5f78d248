// The final PDF shows every annotation where the grader put it: rendered in a real render thread,
// rasterized with pdftoppm, and checked pixel by pixel for portrait, landscape, rotated (own
// /Rotate and intake rotation), A3 halves, the real fixtures, the heavy 12-page scan and pages picked from the 60-page one; and the
// per-question marks, placed by the grader or gathered in the right-hand margin.
import fs from "node:fs";
import { PDFDocument, degrees, rgb } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Annotation } from "../../collab/index.ts";
import { RenderThreadPool } from "../../server/render/render-thread.ts";
import type { QuestionMark, RenderInput, RenderPage } from "../../server/render/render-types.ts";
import { isBlue, isDark, isGreen, isHighlightTint, isRed, pdfinfo, pdftotext, rasterize, type Raster } from "../fixtures/render/raster.ts";
import { everyKind } from "../fixtures/render/seed-copy.ts";

const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`../fixtures/korrigo/${name}`, import.meta.url)));
const A4: [number, number] = [595.28, 841.89];

/** A blank page with a black 30 pt square near the top-left corner of the page AS DISPLAYED. */
async function markedPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const square = (page: ReturnType<typeof pdf.addPage>, x: number, y: number) => page.drawRectangle({ x, y, width: 30, height: 30, color: rgb(0, 0, 0) });
  square(pdf.addPage(A4), 10, A4[1] - 40); // 0: portrait
  square(pdf.addPage([A4[1], A4[0]]), 10, A4[0] - 40); // 1: landscape
  const turned = pdf.addPage(A4); // 2: portrait content shown turned by its /Rotate 90
  turned.setRotation(degrees(90));
  square(turned, 10, 10); // unrotated bottom-left shows at the top-left once turned clockwise
  square(pdf.addPage([1190.55, A4[1]]), 10, A4[1] - 40); // 3: A3 sheet (two A4 halves)
  return pdf.save();
}

function annotationsFor(pages: number[]): Annotation[] {
  return pages.flatMap((page) => everyKind(page).map((a, i) => ({ ...a, id: `p${page}-${i}`, author: "grader", createdAt: page * 100 + i }) as Annotation));
}

function inputOf(sources: Uint8Array[], pages: RenderPage[], annotatedPages: number[]): RenderInput {
  return {
    sources,
    pages,
    annotations: annotationsFor(annotatedPages),
    questions: [],
    sheet: {
      examTitle: "Bac blanc de mathématiques",
      subject: "Mathématiques",
      examDate: "18/11/2026",
      anonymousCode: "A1B2-0007",
      studentName: "DUPONT Élodie",
      className: "TG2",
      rows: [
        { depth: 0, label: "Exercice 1", group: true, points: 3.5, max: 5 },
        { depth: 1, label: "1.a", group: false, points: 2, max: 2 },
        { depth: 1, label: "1.b", group: false, points: 1.5, max: 3, comment: "Il manque l’étude du signe." },
      ],
      total: 3.5,
      max: 5,
      general: "Bon travail ; rédaction à soigner.",
      graders: ["M. Paul Martin"],
      dateText: "20/11/2026",
    },
    meta: {
      title: "Bac blanc de mathématiques — copie A1B2-0007",
      subject: "Mathématiques",
      keywords: ["Korrigo", "A1B2-0007"],
      createdAt: Date.UTC(2026, 10, 20, 9),
    },
  };
}

/** Every kind where everyKind() put it. */
function expectEveryKind(r: Raster, label: string) {
  expect(r.count(0.5, 0.5, 0.05, isRed), `${label}: red tick at the centre`).toBeGreaterThan(8);
  expect(r.count(0.25, 0.1, 0.012, isBlue), `${label}: box top border`).toBeGreaterThan(0);
  expect(r.count(0.1, 0.2, 0.012, isBlue), `${label}: box left border`).toBeGreaterThan(0);
  expect(r.count(0.25, 0.2, 0.03, isBlue), `${label}: box interior stays clear`).toBe(0);
  expect(r.count(0.7, 0.75, 0.01, isHighlightTint), `${label}: translucent highlighter`).toBeGreaterThan(4);
  expect(
    r.count(0.7, 0.75, 0.01, ([, , b]) => b < 60),
    `${label}: highlighter is not opaque`,
  ).toBe(0);
  expect(r.count(0.25, 0.9, 0.012, isGreen), `${label}: pen stroke`).toBeGreaterThan(2);
  expect(r.count(0.75, 0.14, 0.03, isRed), `${label}: cross`).toBeGreaterThan(4);
  expect(r.count(0.5, 0.9, 0.02, isGreen), `${label}: nothing green away from the pen`).toBe(0);
}

/** Text of a page with blanks collapsed; pdftotext keeps or drops the thin spaces around "/" and "—" as it likes. */
const squeeze = (text: string) =>
  text
    .replace(/\s+/g, " ")
    .replace(/ ?([/—]) ?/g, "$1")
    .replace(/(\S)—/g, "$1 —");

/** Red pixels of the top half of the page, inside the outer 12 % of the width and left of it. */
function columnRed(r: Raster): { inside: number; outside: number } {
  let inside = 0;
  let outside = 0;
  for (let y = 0; y < r.height / 2; y++) {
    for (let x = 0; x < r.width; x++) {
      if (!isRed(r.at(x / (r.width - 1), y / (r.height - 1)))) continue;
      if (x >= r.width * 0.88) inside++;
      else outside++;
    }
  }
  return { inside, outside };
}

function expectMarker(r: Raster, nx: number, ny: number, label: string) {
  expect(r.count(nx, ny, 0.01, isDark), `${label}: scan marker at (${nx}, ${ny})`).toBeGreaterThan(4);
}

let pool: RenderThreadPool;
beforeAll(() => {
  pool = new RenderThreadPool({ size: 1 });
});
afterAll(async () => {
  await pool.close();
});

describe("render fidelity", () => {
  it("places every annotation kind on portrait, landscape, rotated and half pages", async () => {
    const pages: RenderPage[] = [
      { source: 0, sourcePage: 0, rotation: 0, half: "FULL" }, // 0 portrait
      { source: 0, sourcePage: 1, rotation: 0, half: "FULL" }, // 1 landscape
      { source: 0, sourcePage: 2, rotation: 0, half: "FULL" }, // 2 source /Rotate 90
      { source: 0, sourcePage: 0, rotation: 90, half: "FULL" }, // 3 intake rotation 90
      { source: 0, sourcePage: 2, rotation: 270, half: "FULL" }, // 4 /Rotate 90 + rotation 270: upright portrait
      { source: 0, sourcePage: 3, rotation: 0, half: "LEFT" }, // 5 A3 left half
      { source: 0, sourcePage: 3, rotation: 0, half: "RIGHT" }, // 6 A3 right half
      { source: 1, sourcePage: 0, rotation: 0, half: "FULL" }, // 7 fixture portrait
      { source: 1, sourcePage: 1, rotation: 0, half: "FULL" }, // 8 fixture landscape
    ];
    const pdf = await pool.render(
      inputOf(
        [await markedPdf(), fixture("mixed_orientation.pdf")],
        pages,
        pages.map((_, i) => i),
      ),
    );
    const out = await PDFDocument.load(pdf);
    expect(out.getPageCount()).toBe(pages.length + 1); // + score sheet
    const sizes = out
      .getPages()
      .map((p) => p.getSize())
      .map(({ width, height }) => [Math.round(width), Math.round(height)]);
    expect(sizes.slice(0, 9)).toEqual([
      [595, 842],
      [842, 595],
      [842, 595],
      [842, 595],
      [595, 842],
      [595, 842],
      [595, 842],
      [595, 842],
      [842, 595],
    ]);
    expect(out.getPages().every((p) => p.getRotation().angle === 0)).toBe(true); // rotation is baked in: every viewer agrees

    const r = pages.map((_, i) => rasterize(pdf, i + 1));
    r.forEach((raster, i) => expectEveryKind(raster, `page ${i + 1}`));
    expectMarker(r[0]!, 25 / 595, 25 / 842, "portrait");
    expectMarker(r[1]!, 25 / 842, 25 / 595, "landscape");
    expectMarker(r[2]!, 25 / 842, 25 / 595, "own /Rotate 90");
    expectMarker(r[3]!, 1 - 25 / 842, 25 / 595, "rotation 90: the top-left goes to the top-right");
    expectMarker(r[4]!, 25 / 595, 1 - 25 / 842, "/Rotate 90 then 270: the displayed top-left ends bottom-left");
    expectMarker(r[5]!, 25 / 595, 25 / 842, "A3 left half");
    expect(r[6]!.count(25 / 595, 25 / 842, 0.01, isDark), "A3 right half has no marker").toBe(0);
  });

  it("draws placed marks with their score and the unplaced scored questions in the right margin", async () => {
    const pages: RenderPage[] = [
      { source: 0, sourcePage: 0, rotation: 0, half: "FULL" }, // 0 portrait
      { source: 0, sourcePage: 0, rotation: 90, half: "FULL" }, // 1 intake rotation 90: landscape, the square top-right
    ];
    const input = inputOf([await markedPdf()], pages, []);
    input.questions = [
      { id: "q1a", label: "1.a", points: 2, max: 2 },
      { id: "q1b", label: "1.b", points: 2.5, max: 4 },
      { id: "q2", label: "2", points: null, max: 5 },
      { id: "q3", label: "3", points: 4, max: 4 },
    ];
    const mark = (id: string, page: number, questionId: string, box: { x: number; y: number; w: number; h: number }): Annotation => ({
      id,
      page,
      kind: "mark",
      questionId,
      box,
      color: "#d32f2f",
      width: 0.002,
      author: "grader",
      createdAt: 1,
    });
    input.annotations = [
      mark("m1", 0, "q1b", { x: 0.05, y: 0.5, w: 0.2, h: 0.035 }),
      mark("m2", 1, "q2", { x: 0.9, y: 0.01, w: 0.095, h: 0.08 }), // over the scan's black square
    ];
    const pdf = await pool.render(input);
    const text = (n: number) => squeeze(pdftotext(pdf, n, n));
    expect(text(1)).toContain("1.b 2,5/4"); // placed, French decimal comma
    expect(text(2)).toContain("2 —/5"); // placed and unscored
    expect(text(1)).toContain("1.a 2/2 3 4/4"); // the margin column: scored, unplaced, in scale order
    expect(text(2)).not.toContain("1.a"); // the column fits on the first page

    const portrait = rasterize(pdf, 1, 100);
    expect(portrait.count(0.15, 0.5175, 0.02, isRed), "placed mark where the grader put it").toBeGreaterThan(20);
    expect(portrait.count(0.15, 0.45, 0.02, isRed), "nothing red above it").toBe(0);
    const column = columnRed(portrait);
    expect(column.inside, "the column is drawn in the right margin").toBeGreaterThan(30);
    expect(column.outside, "no column ink outside the outer 12 %").toBe(0);
    expect(portrait.count(0.94, 0.5, 0.04, isRed), "the column holds two entries at the top, nothing below").toBe(0);

    const turned = rasterize(pdf, 2, 100);
    expect(turned.count(0.95, 0.05, 0.04, isRed), "placed mark on the rotated page").toBeGreaterThan(20);
    expect(turned.count(1 - 25 / 842, 25 / 595, 0.012, isDark), "its light backing covers the scan's black square").toBeLessThan(
      turned.count(1 - 25 / 842, 25 / 595, 0.012, () => true) / 3,
    );
  });

  it("continues the margin column on the next page's margin, on landscape and rotated pages", async () => {
    const pages: RenderPage[] = [
      { source: 0, sourcePage: 2, rotation: 0, half: "FULL" }, // 0 source /Rotate 90: landscape
      { source: 0, sourcePage: 1, rotation: 0, half: "FULL" }, // 1 landscape
      { source: 0, sourcePage: 2, rotation: 270, half: "FULL" }, // 2 /Rotate 90 + 270: portrait
    ];
    const input = inputOf([await markedPdf()], pages, []);
    input.questions = Array.from({ length: 40 }, (_, i): QuestionMark => ({ id: `q${i + 1}`, label: `Q${i + 1}`, points: i % 4, max: 4 }));
    const pdf = await pool.render(input);
    const [first, second, third] = [1, 2, 3].map((n) => squeeze(pdftotext(pdf, n, n)));
    expect(first).toContain("Q1 0/4");
    expect(first).not.toContain("Q40 ");
    expect(second).toContain("Q40 3/4");
    expect(third).not.toMatch(/Q\d+ /);
    for (const n of [1, 2]) {
      const r = rasterize(pdf, n, 100);
      const column = columnRed(r);
      expect(column.inside, `page ${n}: column in the right margin`).toBeGreaterThan(30);
      expect(column.outside, `page ${n}: nothing outside the outer 12 %`).toBe(0);
    }
    expectMarker(rasterize(pdf, 1), 25 / 842, 25 / 595, "the scan stays where it was");
  });

  it("renders the heavy 12-page scan with its annotations and a score sheet", async () => {
    const pages: RenderPage[] = Array.from({ length: 12 }, (_, i) => ({ source: 0, sourcePage: i, rotation: 0, half: "FULL" }));
    const input = inputOf([fixture("copy_12p_heavy.pdf")], pages, []);
    // the scan has a red disc in the middle: annotate the white lower part in green and yellow
    input.annotations = [0, 11].flatMap((page) => [
      { id: `t${page}`, page, kind: "tick", box: { x: 0.45, y: 0.78, w: 0.1, h: 0.1 }, color: "#00a000", width: 0.006, author: "g", createdAt: 1 },
      { id: `h${page}`, page, kind: "highlight", points: [0.1, 0.93, 0.9, 0.93], color: "#ffe600", width: 0.03, author: "g", createdAt: 2 },
    ]);
    const pdf = await pool.render(input);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(13);
    for (const n of [1, 6, 12]) {
      const r = rasterize(pdf, n, 40);
      expect(r.count(0.5, 0.45, 0.05, isRed), `page ${n}: the scan itself`).toBeGreaterThan(50);
      const annotated = n !== 6;
      expect(r.count(0.5, 0.83, 0.05, isGreen) > 8, `page ${n}: tick`).toBe(annotated);
      expect(r.count(0.7, 0.93, 0.012, isHighlightTint) > 2, `page ${n}: highlighter`).toBe(annotated);
    }
  });

  it("renders a copy built from three pages of the heavy 60-page scan, with a tick and a box where the grader put them", async () => {
    // each page of heavy_60p.pdf: "Heavy Page N" top-left and 50 blue squares down to a third of the height; the rest is white
    const picked = [4, 29, 59];
    const pages: RenderPage[] = picked.map((sourcePage) => ({ source: 0, sourcePage, rotation: 0, half: "FULL" }));
    const input = inputOf([fixture("heavy_60p.pdf")], pages, []);
    input.annotations = [0, 2].flatMap((page) => [
      { id: `t${page}`, page, kind: "tick", box: { x: 0.45, y: 0.55, w: 0.1, h: 0.1 }, color: "#e00000", width: 0.006, author: "g", createdAt: 1 },
      { id: `b${page}`, page, kind: "box", box: { x: 0.1, y: 0.75, w: 0.3, h: 0.15 }, color: "#008000", width: 0.004, author: "g", createdAt: 2 },
    ]) as Annotation[];
    const pdf = await pool.render(input);
    expect((await PDFDocument.load(pdf)).getPageCount()).toBe(picked.length + 1);
    picked.forEach((sourcePage, i) =>
      expect(pdftotext(pdf, i + 1, i + 1), `page ${i + 1} is the scan's page ${sourcePage + 1}`).toContain(`Heavy Page ${sourcePage + 1}`),
    );
    for (const n of [1, 2, 3]) {
      const r = rasterize(pdf, n);
      const annotated = n !== 2;
      expect(r.count(0.45, 0.18, 0.05, isBlue), `page ${n}: the scan's squares`).toBeGreaterThan(20);
      expect(r.count(0.5, 0.6, 0.05, isRed) > 8, `page ${n}: tick`).toBe(annotated);
      expect(r.count(0.25, 0.75, 0.012, isGreen) > 0, `page ${n}: box top border`).toBe(annotated);
      expect(r.count(0.1, 0.825, 0.012, isGreen) > 0, `page ${n}: box left border`).toBe(annotated);
      expect(r.count(0.4, 0.825, 0.012, isGreen) > 0, `page ${n}: box right border`).toBe(annotated);
      expect(r.count(0.25, 0.825, 0.04, isGreen), `page ${n}: box interior stays clear`).toBe(0);
      expect(r.count(0.5, 0.6, 0.05, isBlue) + r.count(0.25, 0.825, 0.1, isRed), `page ${n}: nothing stray on the white part`).toBe(0);
    }
  });

  it("writes the score sheet, readable French text and the document metadata", async () => {
    const pdf = await pool.render(inputOf([await markedPdf()], [{ source: 0, sourcePage: 0, rotation: 0, half: "FULL" }], [0]));
    const sheet = pdftotext(pdf, 2);
    for (const s of [
      "Relevé de notes",
      "Bac blanc de mathématiques",
      "Copie anonyme : A1B2-0007",
      "Élève : DUPONT Élodie (TG2)",
      "Exercice 1",
      "1.b",
      "1,5 / 3",
      "Il manque l’étude du signe.",
      "Total",
      "3,5 / 5",
      "Appréciation générale",
      "Bon travail ; rédaction à soigner.",
      "M. Paul Martin",
      "20/11/2026",
    ]) {
      expect(sheet).toContain(s);
    }
    const note = pdftotext(pdf).replace(/\s+/g, " ");
    expect(note).toContain("Très bien vu : la dérivée s’annule en x = 2 <= 3 — « œuvre » v"); // ≤ and ✓ are outside WinAnsi
    expect(note).toContain("Très bien"); // stamp label
    const info = pdfinfo(pdf);
    expect(info).toMatchObject({
      Title: "Bac blanc de mathématiques — copie A1B2-0007",
      Author: "Korrigo",
      Subject: "Mathématiques",
      Keywords: "Korrigo A1B2-0007",
    });
    expect(info.CreationDate).toMatch(/2026/);
  });

  it("fails with a clear error on a broken source and on a time-out, and the thread recovers", async () => {
    const page: RenderPage[] = [{ source: 0, sourcePage: 0, rotation: 0, half: "FULL" }];
    await expect(pool.render(inputOf([fixture("corrupted_truncated.pdf")], page, []))).rejects.toThrow(/source PDF #1/);
    const impatient = new RenderThreadPool({ size: 1, timeoutMs: 1 });
    await expect(impatient.render(inputOf([await markedPdf()], page, [0]))).rejects.toThrow(/render timed out/);
    await impatient.close();
    const ok = await pool.render(inputOf([await markedPdf()], page, [0]));
    expect(ok.byteLength).toBeGreaterThan(1000);
  });

  it("renders the heavy 12-page scan again and again in a thread whose young generation stays at 8 MB", async () => {
    const pages: RenderPage[] = Array.from({ length: 12 }, (_, i) => ({ source: 0, sourcePage: i, rotation: 0, half: "FULL" }));
    const input = inputOf([fixture("copy_12p_heavy.pdf")], pages, [0, 5, 11]);
    const one = new RenderThreadPool({ size: 1 });
    try {
      for (let i = 0; i < 5; i++) {
        const bytes = await one.render(input);
        expect((await PDFDocument.load(bytes)).getPageCount()).toBe(13); // the 12 pages and the score sheet
      }
      const [limits] = one.idleThreadLimits;
      expect(limits?.maxYoungGenerationSizeMb).toBe(8);
      expect(limits?.maxOldGenerationSizeMb).toBe(1024);
    } finally {
      await one.close();
    }
  });

  it("keeps the thread in use, ends the one used only when renders overlapped, then the last one, once idle", async () => {
    const page: RenderPage[] = [{ source: 0, sourcePage: 0, rotation: 0, half: "FULL" }];
    const input = inputOf([await markedPdf()], page, [0]);
    const two = new RenderThreadPool({ size: 2, idleMs: 1500 });
    try {
      await Promise.all([two.render(input), two.render(input)]); // overlapping: a second thread
      expect(two.threads).toBe(2);
      // renders one after the other for longer than idleMs: the same thread serves them all
      const until = Date.now() + 3000;
      while (Date.now() < until) await two.render(input);
      expect(two.threads).toBe(1);
      await expect.poll(() => two.threads, { timeout: 20_000 }).toBe(0);
    } finally {
      await two.close();
    }
  });
});
