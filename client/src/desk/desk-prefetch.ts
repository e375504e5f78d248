// Started as soon as the URL is a desk's (first load or navigation), and for the next copy while
// the grader works: the desk's code, its data, the first page images and the socket all get going
// while the app checks the session, instead of one after the other. pdf.js is no longer part of
// it (the desk paints images; pdf.js is a fallback). Kept tiny: this module is in the main bundle.
import { intakeApi } from "../../../collab/contract/api/intake.ts";
import { urlOf } from "../api/call.ts";
import type { DeskView } from "../api/grading.ts";
import { gradingSocket } from "../realtime/socket.ts";
import { takeEarlyDesk } from "./early-desk.ts";
import { prefetchImages } from "./page-images.ts";

/** Pages whose images are fetched ahead: what fills the first screen. */
const FIRST_PAGES = 2;

/** A prefetched view older than this is fetched afresh (its images stay in the HTTP cache). */
const FRESH_MS = 120_000;

interface Prefetch {
  view: Promise<DeskView | null>;
  at: number;
}

const pending = new Map<string, Prefetch>();

export const copyPdfUrl = (copyId: string) => urlOf(intakeApi.copyPdf, { id: copyId });

export function prefetchDesk(copyId: string): void {
  void import("../components/desk/ko-desk.ts");
  void import("./annotation-layer.ts"); // fabric, in its own chunk
  gradingSocket();
  if (!copyId || (pending.has(copyId) && Date.now() - pending.get(copyId)!.at < FRESH_MS)) return;
  const early = takeEarlyDesk(copyId); // the entry asked already (first load on a desk's URL)
  if (early) {
    pending.set(copyId, early);
    return;
  }
  const get = (url: string) => fetch(url, { credentials: "same-origin", headers: { Accept: "application/json, application/pdf" } });
  // A failed prefetch is not an error: the desk asks again through the API client, which reports it.
  const view = get(`/api/copies/${copyId}/desk`)
    .then((r) => (r.ok ? (r.json() as Promise<DeskView>) : null))
    .catch(() => null);
  void view.then((v) => v && prefetchImages(v.copy.pages.slice(0, FIRST_PAGES).flatMap((p) => (p.images && !p.images.failed ? [p.images.read] : []))));
  pending.set(copyId, { view, at: Date.now() });
}

/** What was prefetched for this copy, once: a later visit fetches afresh. */
export function takePrefetch(copyId: string): Prefetch | null {
  const p = pending.get(copyId) ?? null;
  pending.delete(copyId);
  return p && Date.now() - p.at < FRESH_MS ? p : null;
}
