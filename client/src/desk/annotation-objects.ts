// Annotation (normalized, as stored) ↔ fabric object (page units), both ways.
import type { FabricObject, TMat2D } from "fabric";
import { Textbox } from "fabric";
import { AnnotationSchema, type Annotation, type AnnotationPatch } from "../../../collab/index.ts";
import { boxObject, GlyphObject, hideRotation, StrokeObject, textObject, type DeskObject } from "./fabric-objects.ts";
import { normalizedBox, PAGE_UNITS, toNormalized, type PageFrame } from "./geometry.ts";
import { MarkObject } from "./mark-object.ts";
import { TEXT_FONT } from "./tools.ts";

/** A Y.Map entry as JSON → an Annotation, or null when it does not fit the schema (yet). */
export function parseEntry(id: string, json: unknown): Annotation | null {
  const parsed = AnnotationSchema.safeParse({ ...(json as object), id });
  return parsed.success ? parsed.data : null;
}

/** `markText` gives a mark's text from its question id: it comes from the score, not the annotation. */
export function objectFor(a: Annotation, frame: PageFrame, markText: (questionId: string) => string): DeskObject {
  const u = (v: number) => v * PAGE_UNITS;
  let obj: DeskObject;
  if ("points" in a) {
    const pts = a.points.map((v, i) => (i % 2 === 0 ? v * PAGE_UNITS : v * frame.unitsH));
    obj = new StrokeObject(pts, a.pressures ?? [], u(a.width), a.color, a.kind === "highlight");
  } else {
    const box = { left: u(a.box.x), top: a.box.y * frame.unitsH, width: u(a.box.w), height: a.box.h * frame.unitsH };
    if (a.kind === "text") obj = textObject(a.text, box, a.color, TEXT_FONT * PAGE_UNITS);
    else if (a.kind === "box") obj = boxObject(box, a.color, u(a.width));
    else if (a.kind === "mark") obj = new MarkObject(a.questionId, markText(a.questionId), box, a.color);
    else obj = new GlyphObject(a.kind, box, a.color, u(a.width), a.kind === "stamp" ? (a.text ?? "") : "");
  }
  hideRotation(obj);
  Object.assign(obj, { annotationId: a.id, annotationKind: a.kind, createdAt: a.createdAt });
  return obj;
}

const apply = (m: TMat2D, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Where a moved or resized object now is, as a patch of its annotation (null: nothing to save). */
export function patchFor(obj: DeskObject, frame: PageFrame): AnnotationPatch | null {
  const m = (obj as FabricObject).calcTransformMatrix();
  if (obj instanceof StrokeObject) {
    const pts = obj.transformedPoints(m);
    const points: number[] = [];
    for (let i = 0; i + 1 < pts.length; i += 2) points.push(...toNormalized(frame, pts[i]!, pts[i + 1]!));
    return { points };
  }
  const w = obj.width;
  const h = obj instanceof Textbox ? obj.height : obj.height;
  const [x0, y0] = apply(m, -w / 2, -h / 2);
  const [x1, y1] = apply(m, w / 2, h / 2);
  return { box: normalizedBox(frame, Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0)) };
}
