// The fabric layer of one page, bound to the copy's Y.Doc both ways: a local gesture becomes one
// Y transaction tagged LOCAL_ORIGIN (the sync sends it, the undo manager tracks it); any change
// of the doc — ours, an undo, another tab's — is rendered from the doc, so the canvas never holds
// state the doc does not have and nothing is echoed back (CopySync never sends remote updates).
// A question's mark shows its score: the layer also observes `scores` and rewrites marks' text.
import { Canvas, type FabricObject } from "fabric";
import * as Y from "yjs";
import { annotationsOf, LOCAL_ORIGIN, scoresOf, updateAnnotation, type Annotation } from "../../../collab/index.ts";
import { objectFor, parseEntry, patchFor } from "./annotation-objects.ts";
import { commitDraft } from "./commit-draft.ts";
import { DrawGestures, type Draft, type GestureHost } from "./draw-gestures.ts";
import type { DeskObject } from "./fabric-objects.ts";
import { hitTest, screenSize, viewportMatrix, type PageFrame, type Rotation } from "./geometry.ts";
import { markTarget, markText, type MarkQuestion } from "./margin-mark.ts";
import { MarkObject } from "./mark-object.ts";
import type { ActiveTool } from "./tools.ts";

export interface LayerContext {
  tool: ActiveTool;
  color: string;
  bankText: string | null;
  editable: boolean;
  author: string;
  textLabel: string;
  /** the scale's questions (marks show their label and max), the grader's range, the UI locale */
  questions: readonly MarkQuestion[];
  scope: readonly string[] | null;
  locale: string;
  /** the question selected in the scoring panel: the mark tool places it */
  markQuestion: string | null;
  /** a finger writes ("draw with finger"); otherwise it scrolls and pinches the page */
  fingerDraw: boolean;
}

/** Timing hooks for the benchmark: a stroke committed here, an annotation drawn from the doc. */
const mark = (type: string, id: string) => window.dispatchEvent(new CustomEvent(type, { detail: { id, at: performance.timeOrigin + performance.now() } }));

export class AnnotationLayer implements GestureHost {
  readonly canvas: Canvas;
  readonly #objects = new Map<string, DeskObject>();
  readonly #gestures: DrawGestures;
  #doc: Y.Doc;
  #ctx: LayerContext;
  #pxPerUnit = 1;
  #rendered = new Set<string>();

  constructor(
    el: HTMLCanvasElement,
    doc: Y.Doc,
    readonly page: number,
    readonly frame: PageFrame,
    ctx: LayerContext,
  ) {
    this.#doc = doc;
    this.#ctx = ctx;
    this.canvas = new Canvas(el, {
      selection: false,
      preserveObjectStacking: true,
      enableRetinaScaling: true,
      renderOnAddRemove: false,
      fireRightClick: false,
      targetFindTolerance: 6,
    });
    // After fabric has finished the transform: discarding the selection inside it would fire object:modified again.
    this.canvas.on("object:modified", (e) => void Promise.resolve().then(() => this.#onModified(e.target as DeskObject)));
    this.canvas.on("after:render", this.#afterRender);
    this.#gestures = new DrawGestures(this);
    this.#bind(doc);
    this.setContext(ctx);
  }

  get tool() {
    return this.#ctx.tool;
  }
  get color() {
    return this.#ctx.color;
  }
  get bankText() {
    return this.#ctx.bankText;
  }
  get editable() {
    return this.#ctx.editable;
  }
  get fingerDraw() {
    return this.#ctx.fingerDraw;
  }
  get textLabel() {
    return this.#ctx.textLabel;
  }
  get pxPerUnit() {
    return this.#pxPerUnit;
  }

  setView(pxPerUnit: number, rotation: Rotation): void {
    this.#pxPerUnit = pxPerUnit;
    const { width, height } = screenSize(this.frame, pxPerUnit, rotation);
    this.canvas.setDimensions({ width, height });
    this.canvas.setViewportTransform(viewportMatrix(this.frame, pxPerUnit, rotation));
    this.canvas.requestRenderAll();
  }

  setContext(ctx: LayerContext): void {
    if (ctx.tool !== this.#ctx.tool) this.#gestures.finishText();
    const relabel = ctx.locale !== this.#ctx.locale || ctx.questions !== this.#ctx.questions;
    this.#ctx = ctx;
    if (relabel) this.#refreshMarks();
    const selecting = ctx.tool === "select" && ctx.editable;
    this.canvas.selection = selecting;
    this.canvas.skipTargetFind = !selecting;
    if (!selecting) this.canvas.discardActiveObject();
    for (const obj of this.#objects.values()) obj.set({ selectable: selecting, evented: selecting });
    // A finger scrolls the page (and never zooms the interface) unless it is the grader's pen.
    const fingerWrites = ctx.fingerDraw && ctx.editable && ctx.tool !== "select";
    this.canvas.allowTouchScrolling = !fingerWrites;
    for (const el of [this.canvas.upperCanvasEl, this.canvas.lowerCanvasEl]) el.style.touchAction = fingerWrites ? "none" : "pan-x pan-y";
    const cursor = !ctx.editable
      ? "default"
      : ctx.tool === "select"
        ? "default"
        : ctx.tool === "text" || ctx.tool === "bank"
          ? "text"
          : ctx.tool === "mark"
            ? "copy"
            : "crosshair";
    this.canvas.defaultCursor = cursor;
    this.canvas.upperCanvasEl.style.cursor = cursor;
    this.canvas.requestRenderAll();
  }

  /** After the sync replaced the doc (a final refusal): render the server's truth. */
  setDoc(doc: Y.Doc): void {
    annotationsOf(this.#doc).unobserveDeep(this.#onChange);
    scoresOf(this.#doc).unobserve(this.#onScores);
    for (const obj of this.#objects.values()) this.canvas.remove(obj);
    this.#objects.clear();
    this.#doc = doc;
    this.#bind(doc);
  }

  deleteSelection(): boolean {
    const ids = this.canvas
      .getActiveObjects()
      .map((o) => (o as DeskObject).annotationId)
      .filter((id): id is string => !!id);
    if (ids.length === 0 || !this.editable) return false;
    this.canvas.discardActiveObject();
    const annotations = annotationsOf(this.#doc);
    this.#doc.transact(() => ids.forEach((id) => annotations.delete(id)), LOCAL_ORIGIN);
    return true;
  }

  destroy(): void {
    annotationsOf(this.#doc).unobserveDeep(this.#onChange);
    scoresOf(this.#doc).unobserve(this.#onScores);
    this.#gestures.destroy();
    void this.canvas.dispose();
  }

  commit(draft: Draft): void {
    commitDraft(this.#doc, draft, this.page, this.#ctx.author, Date.now(), (id) => mark("korrigo:annotation-committed", id));
  }

  /** A note typed in place at (x, y) page units, as the text tool's click opens it (keyboard placement). */
  editTextAt(x: number, y: number): void {
    this.#gestures.placeText(x, y, "", true);
  }

  markTarget(): string | null {
    const scores = scoresOf(this.#doc);
    return markTarget(this.#ctx.markQuestion, this.#ctx.questions, this.#ctx.scope, (id) => scores.get(id))?.id ?? null;
  }

  /** A mark's text from the doc's current score (a question unknown here shows its id). */
  #markText = (questionId: string): string => {
    const q = this.#ctx.questions.find((x) => x.id === questionId) ?? { id: questionId, label: "?", maxPoints: 0 };
    return markText(q, scoresOf(this.#doc).get(questionId), this.#ctx.locale);
  };

  /** A score changed (here, by undo, or by a colleague): every mark shows it at once. */
  #onScores = (): void => this.#refreshMarks();

  #refreshMarks(): void {
    for (const obj of this.#objects.values()) if (obj instanceof MarkObject) obj.setText(this.#markText(obj.questionId));
    this.canvas.requestRenderAll();
  }

  eraseAt(nx: number, ny: number, toleranceUnits: number): void {
    const hits: string[] = [];
    for (const [id, obj] of this.#objects) {
      const a = this.#read(id);
      if (a && obj && hitTest(this.frame, a, nx, ny, toleranceUnits)) hits.push(id);
    }
    if (hits.length === 0) return;
    const annotations = annotationsOf(this.#doc);
    this.#doc.transact(() => hits.forEach((id) => annotations.delete(id)), LOCAL_ORIGIN);
  }

  #bind(doc: Y.Doc): void {
    const annotations = annotationsOf(doc);
    annotations.observeDeep(this.#onChange);
    scoresOf(doc).observe(this.#onScores);
    for (const id of annotations.keys()) this.#sync(id, false);
    this.canvas.requestRenderAll();
  }

  #read(id: string): Annotation | null {
    const entry = annotationsOf(this.#doc).get(id);
    return entry ? parseEntry(id, entry.toJSON()) : null;
  }

  #onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], txn: Y.Transaction): void => {
    const ids = new Set<string>();
    const root = annotationsOf(this.#doc);
    for (const e of events) {
      if (e.target === root) for (const key of e.changes.keys.keys()) ids.add(key);
      else if (typeof e.path[0] === "string") ids.add(e.path[0]);
    }
    const remote = txn.origin !== LOCAL_ORIGIN;
    for (const id of ids) this.#sync(id, remote);
    this.canvas.requestRenderAll();
  };

  /** Makes the canvas show annotation `id` as the doc has it. */
  #sync(id: string, remote: boolean): void {
    const old = this.#objects.get(id);
    const a = this.#read(id);
    if (old && (old as { isEditing?: boolean }).isEditing) return; // being typed here: the doc catches up on exit
    if (old) {
      this.canvas.remove(old);
      this.#objects.delete(id);
    }
    if (!a || a.page !== this.page) return;
    const obj = objectFor(a, this.frame, this.#markText);
    const selecting = this.#ctx.tool === "select" && this.#ctx.editable;
    obj.set({ selectable: selecting, evented: selecting });
    this.#objects.set(id, obj);
    this.canvas.insertAt(this.#stackIndex(a.createdAt), obj as FabricObject);
    if (remote || !old) this.#rendered.add(id);
  }

  /** Older annotations below newer ones, whatever order they arrive in. */
  #stackIndex(createdAt: number): number {
    const objects = this.canvas.getObjects() as DeskObject[];
    const i = objects.findIndex((o) => (o.createdAt ?? 0) > createdAt);
    return i < 0 ? objects.length : i;
  }

  #afterRender = (): void => {
    for (const id of this.#rendered) mark("korrigo:annotation-rendered", id);
    this.#rendered.clear();
  };

  #onModified(target: DeskObject | undefined): void {
    if (!target || !this.editable) return;
    const objects = (this.canvas.getActiveObjects() as DeskObject[]).filter((o) => o.annotationId);
    const moved = objects.length > 0 ? objects : [target];
    const patches = moved.map((o) => [o.annotationId!, patchFor(o, this.frame)] as const);
    this.canvas.discardActiveObject();
    this.#doc.transact(() => {
      for (const [id, patch] of patches) if (patch && annotationsOf(this.#doc).has(id)) updateAnnotation(this.#doc, id, patch, LOCAL_ORIGIN);
    }, LOCAL_ORIGIN);
    if (moved.length === 1) {
      const again = this.#objects.get(moved[0]!.annotationId!);
      if (again) this.canvas.setActiveObject(again as FabricObject);
    }
  }
}
