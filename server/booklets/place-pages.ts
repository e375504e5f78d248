// Where each scanned page of a booklet batch goes, pure: into its booklet's copy at its printed
// page number, turned upright by its code; or into the stapler with the reason, never guessed.
import { checkMatches, parseCode } from "./booklet-code.ts";
import type { CodeScan } from "./read-codes.ts";

/** Below this share of dark pixels a page without code is taken for a blank back side. */
export const BLANK_INK = 0.004;

export const LOOSE_REASONS = [
  "UNREADABLE", // no code could be read on a page with ink
  "BLANK", // no code and no ink: a blank back side
  "SEVERAL_CODES", // two different booklet codes on one page
  "UNKNOWN_CODE", // our code's shape, but no such booklet
  "OTHER_EXAM", // a booklet of another exam
  "BAD_CHECK", // the check value does not match: forged or misread
  "DUPLICATE", // this booklet's page is already in its copy
  "COPY_CLOSED", // the copy was already validated: a late page waits in the stapler
  "EXTRA_SHEET", // an extra answer sheet: attach it to the copy named on it
  "READ_FAILED", // the page could not be drawn
] as const;
export type LooseReason = (typeof LOOSE_REASONS)[number];

export interface KnownBooklet {
  id: string;
  examId: string;
  kind: "COPY" | "EXTRA";
  pageCount: number;
  anonymousCode: string | null;
  copyId: string | null;
  copyState: string | null;
}

export interface PlacementContext {
  examId: string;
  /** secret of each exam whose booklets were seen (check values) */
  secrets: ReadonlyMap<string, string>;
  booklets: ReadonlyMap<string, KnownBooklet>;
  /** "bookletId:page" already stored in a copy */
  present: Set<string>;
}

export type Placement =
  | { side: number; kind: "page"; bookletId: string; page: number; rotation: 0 | 90 | 180 | 270 }
  | { side: number; kind: "loose"; reason: LooseReason; detail: string | null; extraBookletId: string | null; rotation: 0 | 90 | 180 | 270 };

const upright = (orientation: number): 0 | 90 | 180 | 270 => ((360 - orientation) % 360) as 0 | 90 | 180 | 270;

/** Decides every page of a chunk in scan order; `ctx.present` learns the pages placed. */
export function placePages(scans: ReadonlyArray<{ side: number; scan: CodeScan }>, ctx: PlacementContext): Placement[] {
  return scans.map(({ side, scan }) => placeOne(side, scan, ctx));
}

function loose(
  side: number,
  reason: LooseReason,
  detail: string | null = null,
  rotation: 0 | 90 | 180 | 270 = 0,
  extraBookletId: string | null = null,
): Placement {
  return { side, kind: "loose", reason, detail, extraBookletId, rotation };
}

function placeOne(side: number, scan: CodeScan, ctx: PlacementContext): Placement {
  if (scan.error) return loose(side, "READ_FAILED", scan.error.slice(0, 200));
  const ours = scan.codes.map((c) => ({ c, p: parseCode(c.text) })).filter((x) => !(x.p.ok === false && x.p.reason === "NOT_KORRIGO"));
  if (ours.length === 0) return loose(side, scan.ink < BLANK_INK ? "BLANK" : "UNREADABLE");
  if (new Set(ours.map((x) => x.c.text)).size > 1)
    return loose(
      side,
      "SEVERAL_CODES",
      ours
        .map((x) => x.c.text)
        .join(" ")
        .slice(0, 200),
    );
  const { c, p } = ours[0]!;
  const rotation = upright(c.orientation);
  if (!p.ok) return loose(side, "BAD_CHECK", c.text.slice(0, 60), rotation);
  const booklet = ctx.booklets.get(p.token);
  if (!booklet) return loose(side, "UNKNOWN_CODE", c.text.slice(0, 60), rotation);
  if (booklet.examId !== ctx.examId) return loose(side, "OTHER_EXAM", null, rotation);
  const secret = ctx.secrets.get(booklet.examId);
  if (!secret || !checkMatches(secret, p)) return loose(side, "BAD_CHECK", c.text.slice(0, 60), rotation);
  if (booklet.kind === "EXTRA" || p.page === "X") {
    return booklet.kind === "EXTRA" && p.page === "X"
      ? loose(side, "EXTRA_SHEET", null, rotation, booklet.id)
      : loose(side, "BAD_CHECK", c.text.slice(0, 60), rotation);
  }
  const detail = `${booklet.anonymousCode ?? p.token} p. ${p.page}`;
  if (p.page > booklet.pageCount) return loose(side, "BAD_CHECK", detail, rotation);
  const key = `${booklet.id}:${p.page}`;
  if (ctx.present.has(key)) return loose(side, "DUPLICATE", detail, rotation);
  if (booklet.copyState !== null && booklet.copyState !== "STAGING") return loose(side, "COPY_CLOSED", detail, rotation);
  ctx.present.add(key);
  return { side, kind: "page", bookletId: booklet.id, page: p.page, rotation };
}

/** The printed pages a copy lacks (1-based, ascending). */
export function missingPages(pageCount: number, present: Iterable<number>): number[] {
  const have = new Set(present);
  return Array.from({ length: pageCount }, (_, i) => i + 1).filter((p) => !have.has(p));
}
