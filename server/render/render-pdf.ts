// Pure: render input → the final PDF bytes. Each copy page is the source scan page (or half of an
// A3 sheet) embedded as a form XObject, turned upright, with the annotations drawn over it as
// vectors; the score sheet follows. Run it off the event loop (render-thread.ts): pdf-lib blocks.
import { PDFDocument, StandardFonts, type PDFPage, type PDFRef } from "pdf-lib";
import type { Annotation } from "../../collab/index.ts";
import { drawAnnotation, type AnnotationFonts } from "./draw-annotations.ts";
import { drawSourcePage, embedSourcePages } from "./embed-source-page.ts";
import { drawMarks } from "./margin-marks.ts";
import { placement, type Placement, type UserBox } from "./page-geometry.ts";
import type { RenderInput, RenderPage } from "./render-types.ts";
import { appendScoreSheet } from "./score-sheet.ts";

interface Prepared {
  form: PDFRef;
  place: Placement;
}

function cropOf(page: PDFPage): UserBox {
  const b = page.getCropBox();
  return { left: b.x, bottom: b.y, right: b.x + b.width, top: b.y + b.height };
}

/** Embeds every copy page, source by source so that images shared by pages are copied once. */
async function embedAll(pdf: PDFDocument, input: RenderInput): Promise<Prepared[]> {
  const out = new Array<Prepared>(input.pages.length);
  const bySource = new Map<number, number[]>();
  input.pages.forEach((p, i) => bySource.set(p.source, [...(bySource.get(p.source) ?? []), i]));
  for (const [source, indexes] of bySource) {
    const bytes = input.sources[source];
    if (!bytes) throw new Error(`copy page refers to a missing source #${source + 1}`);
    try {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
      const pages = indexes.map((i) => sourcePage(doc, input.pages[i]!, i));
      const places = indexes.map((i, k) => placement(cropOf(pages[k]!), pages[k]!.getRotation().angle, input.pages[i]!.rotation, input.pages[i]!.half));
      const forms = embedSourcePages(
        pdf,
        doc,
        pages,
        places.map((p) => p.box),
      );
      indexes.forEach((i, k) => (out[i] = { form: forms[k]!, place: places[k]! }));
    } catch (e) {
      throw new Error(`source PDF #${source + 1} cannot be rendered: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

function sourcePage(doc: PDFDocument, p: RenderPage, index: number): PDFPage {
  const count = doc.getPageCount();
  if (!Number.isInteger(p.sourcePage) || p.sourcePage < 0 || p.sourcePage >= count) {
    throw new Error(`copy page ${index + 1} refers to page ${p.sourcePage + 1} of a ${count}-page source`);
  }
  return doc.getPage(p.sourcePage);
}

function annotationsByPage(annotations: readonly Annotation[]): Map<number, Annotation[]> {
  const map = new Map<number, Annotation[]>();
  for (const a of annotations) map.set(a.page, [...(map.get(a.page) ?? []), a]);
  return map;
}

export async function renderPdf(input: RenderInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts: AnnotationFonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold) };
  const prepared = await embedAll(pdf, input);
  const byPage = annotationsByPage(input.annotations);
  const pages = prepared.map(({ form, place }, i) => {
    const page = pdf.addPage([place.width, place.height]);
    drawSourcePage(page, form, place);
    for (const a of byPage.get(i) ?? []) drawAnnotation(page, a, fonts);
    return page;
  });
  drawMarks(pages, input.annotations, input.questions, fonts); // on top: a score must stay readable
  appendScoreSheet(pdf, fonts, input.sheet);
  const created = new Date(input.meta.createdAt);
  pdf.setTitle(input.meta.title, { showInWindowTitleBar: true });
  pdf.setAuthor("Korrigo");
  pdf.setSubject(input.meta.subject);
  pdf.setKeywords(input.meta.keywords);
  pdf.setCreator("Korrigo");
  pdf.setProducer("Korrigo (pdf-lib)");
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  pdf.setLanguage("fr-FR");
  return pdf.save({ useObjectStreams: true });
}
