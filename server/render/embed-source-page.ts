// Source scan pages as form XObjects, clipped to a box, drawn turned upright. Unlike pdf-lib's
// embedPages, a page whose content is one stream keeps its encoded bytes (no inflate/deflate round
// trip: ~10 ms saved per vector-heavy page) and nothing but its content and resources is copied
// (pdf-lib copies the whole page, so every content stream was written twice).
import {
  PDFArray,
  PDFContentStream,
  PDFName,
  PDFObjectCopier,
  PDFRawStream,
  PDFRef,
  concatTransformationMatrix,
  decodePDFRawStream,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  type PDFContext,
  type PDFDict,
  type PDFDocument,
  type PDFPage,
} from "pdf-lib";
import type { Placement, UserBox } from "./page-geometry.ts";

function formEntries(context: PDFContext, box: UserBox, resources: PDFDict | undefined) {
  return {
    Type: PDFName.of("XObject"),
    Subtype: PDFName.of("Form"),
    FormType: context.obj(1),
    BBox: context.obj([box.left, box.bottom, box.right, box.top]),
    Matrix: context.obj([1, 0, 0, 1, -box.left, -box.bottom]),
    Resources: resources ?? context.obj({}),
  };
}

function contentRefs(page: PDFPage): PDFRef[] {
  const raw = page.node.get(PDFName.of("Contents"));
  if (raw instanceof PDFRef) return [raw];
  if (raw instanceof PDFArray) return raw.asArray().filter((r): r is PDFRef => r instanceof PDFRef);
  return [];
}

function decoded(context: PDFContext, ref: PDFRef): Uint8Array {
  const stream = context.lookup(ref);
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  if (stream instanceof PDFContentStream) return stream.getUnencodedContents();
  throw new Error("page content is not a stream");
}

/** Embeds pages of one source document; returns one form XObject ref per page. */
export function embedSourcePages(pdf: PDFDocument, src: PDFDocument, pages: PDFPage[], boxes: UserBox[]): PDFRef[] {
  const copier = PDFObjectCopier.for(src.context, pdf.context);
  const ctx = pdf.context;
  const formed = new Set<PDFRef>();
  return pages.map((page, i) => {
    const box = boxes[i]!;
    const srcResources = page.node.Resources();
    const resources = srcResources ? (copier.copy(srcResources) as PDFDict) : undefined; // one copier: shared images copied once
    const refs = contentRefs(page);
    const single = refs.length === 1 ? src.context.lookup(refs[0]!) : undefined;
    if (single instanceof PDFRawStream) {
      const copied = copier.copy(refs[0]!) as PDFRef;
      const stream = ctx.lookup(copied) as PDFRawStream;
      if (!formed.has(copied)) {
        formed.add(copied);
        for (const [k, v] of Object.entries(formEntries(ctx, box, resources))) stream.dict.set(PDFName.of(k), v);
        return copied;
      }
      // the same page again (the other half of an A3 sheet): same bytes, its own box
      const dict = stream.dict.clone(ctx);
      for (const [k, v] of Object.entries(formEntries(ctx, box, resources))) dict.set(PDFName.of(k), v);
      return ctx.register(PDFRawStream.of(dict, stream.contents));
    }
    const parts = refs.map((r) => decoded(src.context, r));
    const joined = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      joined[at + p.length] = 0x0a; // streams of one page are joined by a newline
      at += p.length + 1;
    }
    return ctx.register(ctx.flateStream(joined, formEntries(ctx, box, resources)));
  });
}

/** Draws an embedded source page on `page` as `place` says (translate, then turn). */
export function drawSourcePage(page: PDFPage, form: PDFRef, place: Placement): void {
  const name = page.node.newXObject("Scan", form);
  const rad = (place.ccw * Math.PI) / 180;
  const cos = Math.round(Math.cos(rad));
  const sin = Math.round(Math.sin(rad));
  page.pushOperators(pushGraphicsState(), concatTransformationMatrix(cos, sin, -sin, cos, place.x, place.y), drawObject(name), popGraphicsState());
}
