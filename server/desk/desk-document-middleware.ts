// The first navigation to a desk (/copies/:id) answers the app's page with the desk's data inlined,
// preload hints for the reading images of its first pages and the copy's pages themselves, first in
// the body (early-pages-markup.ts): the browser fetches and paints the first page while it parses the
// page, before any script runs; the entry gives those pages a pen (client/src/desk/early-pen.ts) —
// only when this user may write the copy and nobody else holds its lock (`data-pen`) — and the desk,
// which needs no data request, takes them over. The signed-in user is inlined as GET /api/me gives
// it, so the app starts without that round trip. The app's chunks are not hinted (modulepreload):
// compiling them as they arrived held the main thread while the first page waited to be painted.
// The same data GET /api/copies/:id/desk gives the same person (same checks, the contract's DeskView); anyone else — not
// signed in, a password to change, a copy they may not open or that does not exist — gets the
// plain page, exactly as before. A page with data inlined is never cached.
import type { RequestHandler } from "express";
import { actorOf } from "../http/request-context.ts";
import { escapeHtml as attr } from "../security/escape-html.ts";
import { csrfTokenFor } from "../security/csrf-middleware.ts";
import type { DeskView } from "../../collab/contract/api/desk.ts";
import { IdParam as CopyIdParam } from "../../collab/contract/common.ts";
import { earlyPagesMarkup } from "./early-pages-markup.ts";
import type { DeskService } from "./service.ts";

/** The pages whose images are preloaded: what fills the first screen. */
const FIRST_PAGES = 2;

export const DESK_DOCUMENT_PATH = /^\/copies\/([0-9a-fA-F-]{36})\/?$/;

/** JSON inside <script type="application/json">: nothing in it can close the element. */
const inlineJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");

export function deskDocumentHead(desk: DeskService): RequestHandler {
  return async (req, res, next) => {
    try {
      const id = CopyIdParam.safeParse({ id: DESK_DOCUMENT_PATH.exec(req.path)?.[1] });
      const actor = actorOf(req);
      if (!id.success || !actor || req.user?.mustChangePassword) return next();
      const [view, holder] = await Promise.all([desk.desk(actor, id.data.id), desk.lockHolderOf(id.data.id)]);
      // the pen on the pages shown before the app boots (client/src/desk/early-pen.ts): for who may
      // write the copy and would get its lock (free, or theirs already); a moderation layer's desk has no pen there
      const pen = view.canWrite && (holder === null || holder === actor.id) && req.query.layer === undefined;
      const preload = view.copy.pages
        .slice(0, FIRST_PAGES)
        .flatMap((p) => (p.images && !p.images.failed ? [`<link rel="preload" as="image" href="${attr(p.images.read)}" fetchpriority="high">`] : []));
      // the signed-in user as GET /api/me gives it: the app starts without asking (one round trip less)
      const me = inlineJson({ user: req.user ?? actor, csrfToken: csrfTokenFor(req) });
      res.locals.documentHead =
        preload.join("") +
        `<script type="application/json" id="ko-session">${me}</script>` +
        `<script type="application/json" id="ko-desk-view" data-copy="${attr(id.data.id)}"${pen ? ' data-pen="1"' : ""}>${inlineJson(view satisfies DeskView)}</script>`;
      res.locals.documentBody = earlyPagesMarkup(id.data.id, view, pen);
    } catch {
      // not theirs or not there: the plain page (the desk asks the API, which answers as usual)
    }
    next();
  };
}
