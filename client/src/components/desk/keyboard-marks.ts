// Ticks, crosses, a question's mark, margin notes and saved comments placed from the keyboard, at the
// current question (see desk/keyboard-place.ts for where): Shift+V, Shift+X, Shift+M, Shift+T, and
// Alt+1…9 for the numbered saved comments. The annotation goes into the document like a click's.
import * as Y from "yjs";
import { annotationsOf, LOCAL_ORIGIN, newAnnotationId, readAnnotations, scoresOf } from "../../../../collab/index.ts";
import type { DeskView } from "../../api/grading.ts";
import { fetchRegions, type RegionQuestion } from "../../api/regions.ts";
import { PAGE_UNITS, type PageFrame } from "../../desk/geometry.ts";
import { placeForQuestion, type PlaceBox } from "../../desk/keyboard-place.ts";
import { markTarget } from "../../desk/margin-mark.ts";
import { GLYPH_SIZE, MARK_HEIGHT_UNITS, MARK_WIDTH, TEXT_FONT, TEXT_WIDTH, WIDTHS } from "../../desk/tools.ts";

export type PlacedKind = "tick" | "cross" | "mark" | "text";

export interface KeyboardMarksHost {
  readonly view: DeskView | null;
  readonly doc: Y.Doc | null;
  readonly frames: PageFrame[];
  readonly selectedQuestion: string | null;
  readonly pageInView: number;
  readonly color: string;
  readonly author: string;
  /** brings the point (page, normalized height) into view */
  reveal(page: number, ny: number): void;
  /** a note typed in place on that page's layer (the text tool's box, at page units x, y) */
  editTextAt(page: number, x: number, y: number): Promise<boolean>;
}

/** Characters per line of a note at TEXT_WIDTH (an estimate: the layer measures it when drawn). */
const CHARS_PER_LINE = 34;

export class KeyboardMarks {
  #regions: { examId: string; questions: Promise<RegionQuestion[]> } | null = null;

  constructor(private readonly host: KeyboardMarksHost) {}

  /** The question the marks go to: the one picked in the scale, else the first of mine still unscored. */
  currentQuestion(): { id: string; rank: number; count: number } | null {
    const { view, doc } = this.host;
    if (!view || !doc) return null;
    const scores = scoresOf(doc);
    const q = markTarget(this.host.selectedQuestion, view.scale.questions, view.scope, (id) => scores.get(id));
    if (!q) return null;
    return { id: q.id, rank: view.scale.questions.findIndex((x) => x.id === q.id), count: view.scale.questions.length };
  }

  async place(kind: PlacedKind, text?: string): Promise<boolean> {
    const { view, doc, frames } = this.host;
    const q = this.currentQuestion();
    if (!view || !doc || !q || frames.length === 0) return false;
    const regions = (await this.regionsOf(view.exam.id)).find((r) => r.id === q.id)?.regions.filter((r) => r.page <= frames.length) ?? [];
    const annotations = readAnnotations(doc);
    const mark = annotations.find((a) => a.kind === "mark" && "questionId" in a && a.questionId === q.id);
    const page = regions[0] ? regions[0].page - 1 : mark ? mark.page : Math.min(this.host.pageInView, frames.length - 1);
    const frame = frames[page] ?? frames[0]!;
    const size = sizeOf(kind, frame, text);
    const at = placeForQuestion({
      rank: q.rank,
      count: q.count,
      regions,
      mark: mark && "box" in mark ? { page: mark.page, box: mark.box as PlaceBox } : null,
      pageInView: this.host.pageInView,
      existing: placedBoxes(doc),
      size,
    });
    this.host.reveal(at.page, at.y);
    if (kind === "text" && text === undefined) return this.host.editTextAt(at.page, at.x * PAGE_UNITS, at.y * (frames[at.page] ?? frame).unitsH);
    writePlaced(doc, kind, { ...at, ...size }, { questionId: q.id, color: this.host.color, author: this.host.author, text });
    return true;
  }

  /** The exam's question regions, asked once per exam; none when they cannot be read. */
  private regionsOf(examId: string): Promise<RegionQuestion[]> {
    if (this.#regions?.examId !== examId) {
      this.#regions = {
        examId,
        questions: fetchRegions(examId)
          .then((v) => v.questions)
          .catch(() => []),
      };
    }
    return this.#regions.questions;
  }
}

/** The annotation a keyboard placement makes, into the document as a click's would be. */
export function writePlaced(
  doc: Y.Doc,
  kind: PlacedKind,
  at: { page: number } & PlaceBox,
  o: { questionId: string; color: string; author: string; text?: string },
): void {
  const box = { x: at.x, y: at.y, w: at.w, h: at.h };
  const base = { page: at.page, color: o.color, author: o.author, createdAt: Date.now() };
  const fields =
    kind === "mark"
      ? { ...base, kind, box, questionId: o.questionId, width: WIDTHS.mark }
      : kind === "text"
        ? { ...base, kind, box, text: o.text ?? "", width: WIDTHS.text }
        : { ...base, kind, box, width: WIDTHS.glyph };
  doc.transact(() => annotationsOf(doc).set(newAnnotationId(), new Y.Map<unknown>(Object.entries(fields))), LOCAL_ORIGIN);
}

/** What is already on the copy, as boxes (placements go beside them, never on them). */
export function placedBoxes(doc: Y.Doc): { page: number; box: PlaceBox }[] {
  return readAnnotations(doc).flatMap((a) => ("box" in a && a.box ? [{ page: a.page, box: a.box as PlaceBox }] : []));
}

export function sizeOf(kind: PlacedKind, frame: PageFrame, text?: string): { w: number; h: number } {
  const down = PAGE_UNITS / frame.unitsH; // a normalized height per normalized width unit
  if (kind === "tick" || kind === "cross") return { w: GLYPH_SIZE, h: GLYPH_SIZE * down };
  if (kind === "mark") return { w: MARK_WIDTH, h: MARK_HEIGHT_UNITS / frame.unitsH };
  const lines = Math.max(1, Math.ceil((text ?? " ").length / CHARS_PER_LINE));
  return { w: TEXT_WIDTH, h: Math.min(0.5, lines * TEXT_FONT * 1.25 * down) };
}
