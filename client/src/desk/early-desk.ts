// Runs before the app's modules are even loaded (it imports only the dependency-free inline-session.ts: it is in the entry chunk): on a desk's
// URL, the desk's data is taken from the page when the server put it there (server/desk/
// desk-document-middleware.ts, with preload hints for the first images), else GET /api/copies/:id/desk starts
// at once and the reading images of its first pages follow as soon as it answers. desk-prefetch.ts takes the answer over; nothing here reports errors (the desk
// asks again through the API client, which does).
import type { DeskView } from "../api/grading.ts";
import { readInlineSession } from "../inline-session.ts";
import { startEarlyPen } from "./early-pen.ts";
import { prefetchImages } from "./page-images.ts";

const DESK_PATH = /^\/copies\/([0-9a-f-]{36})\/?$/i;
/** Pages whose images are fetched ahead: what fills the first screen. */
const FIRST_PAGES = 2;

let early: { copyId: string; view: Promise<DeskView | null>; at: number } | null = null;
/** the signed-in user the server inlined with the desk's data (session.ts takes the element itself later) */
let inlineUser: { id: string; displayName: string; role: string } | null = null;

/** The first pages' reading images, fetched and decoded (off the main thread) while the app's modules load: the page views find them ready. */
function decodeFirstImages(view: DeskView | null): void {
  const pages = view?.copy.pages.slice(0, FIRST_PAGES) ?? [];
  prefetchImages(pages.flatMap((p) => (p.images && !p.images.failed ? [p.images.read] : [])));
}

export function startEarlyDesk(): void {
  const m = DESK_PATH.exec(location.pathname);
  if (!m) return;
  const copyId = m[1]!;
  // the server put the desk's data in the page (first navigation, signed in): no request at all, and
  // the page's preload hints have the first images on their way already
  const inline = document.getElementById("ko-desk-view");
  if (inline?.dataset.copy === copyId) {
    try {
      const inlined = JSON.parse(inline.textContent ?? "null") as DeskView;
      decodeFirstImages(inlined);
      early = { copyId, view: Promise.resolve(inlined), at: Date.now() };
      inline.remove(); // read once: a later visit of this copy asks afresh
      inlineUser = readInlineUser();
      // the pages at once, and a pen when the server said this user may write and nobody else holds
      // the copy (early-pen.ts); a moderation layer's desk writes another document: pages only
      const layer = new URLSearchParams(location.search).has("layer");
      if (inlineUser) startEarlyPen(copyId, inlineUser.id, inlined, inline.dataset.pen === "1" && !layer);
      else document.getElementById("ko-early-desk")?.remove();
      return;
    } catch {
      document.getElementById("ko-early-desk")?.remove(); // the desk shows the copy
      // unreadable: ask as below
    }
  }
  const view = fetch(`/api/copies/${copyId}/desk`, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((r) => (r.ok ? (r.json() as Promise<DeskView>) : null))
    .catch(() => null);
  void view.then(decodeFirstImages);
  early = { copyId, view, at: Date.now() };
}

function readInlineUser(): { id: string; displayName: string; role: string } | null {
  const user = readInlineSession(false)?.user; // session.ts takes the element itself later
  return user ? { id: user.id, displayName: user.displayName, role: user.role } : null;
}

/**
 * The copy and user whose live session may start before the app boots: the server inlined both
 * (it checked the user may open this copy), so the join need not wait for the desk's component.
 */
export function earlySessionOf(): { copyId: string; user: { id: string; displayName: string; role: string } } | null {
  // a moderation layer's desk (?layer=second) opens another document: no session of the copy's own
  if (new URLSearchParams(location.search).has("layer")) return null;
  return early && inlineUser ? { copyId: early.copyId, user: inlineUser } : null;
}

/** The page was opened on a desk's URL (its data is being fetched already). */
export function isEarlyDesk(): boolean {
  return early !== null;
}

/** The early request for this copy, once. */
export function takeEarlyDesk(copyId: string): { view: Promise<DeskView | null>; at: number } | null {
  const e = early?.copyId === copyId ? early : null;
  early = null;
  return e;
}
