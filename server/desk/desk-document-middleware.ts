// The first navigation to a desk (/copies/:id) answers the app's page with the desk's data inlined
// and preload hints for the reading images of its first pages: the browser starts fetching those
// images while it parses the page, before any script runs, and the desk needs no data request.
// The chunks the entry imports at once on a desk (client/src/main.ts: the app, the desk, its layer,
// the socket) are hinted too (modulepreload), and the signed-in user is inlined as GET /api/me
// gives it, so the app starts without that round trip.
// The same data GET /api/copies/:id/desk gives the same person (same checks, the contract's DeskView); anyone else — not
// signed in, a password to change, a copy they may not open or that does not exist — gets the
// plain page, exactly as before. A page with data inlined is never cached.
import type { RequestHandler } from "express";
import { dynamicImportsOf, modulePreloadLinks } from "../http/module-preload.ts";
import { actorOf } from "../http/request-context.ts";
import { CLIENT_DIR } from "../http/static-client.ts";
import { csrfTokenFor } from "../security/csrf-middleware.ts";
import type { DeskView } from "../../collab/contract/api/desk.ts";
import { IdParam as CopyIdParam } from "../../collab/contract/common.ts";
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

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

export function deskDocumentHead(desk: DeskService, clientDir = CLIENT_DIR): RequestHandler {
  return async (req, res, next) => {
    try {
      const id = CopyIdParam.safeParse({ id: DESK_DOCUMENT_PATH.exec(req.path)?.[1] });
      const actor = actorOf(req);
      if (!id.success || !actor || req.user?.mustChangePassword) return next();
      const view = await desk.desk(actor, id.data.id);
      const preload = view.copy.pages
        .slice(0, FIRST_PAGES)
        .flatMap((p) => (p.images && !p.images.failed ? [`<link rel="preload" as="image" href="${attr(p.images.read)}" fetchpriority="high">`] : []));
      // the signed-in user as GET /api/me gives it: the app starts without asking (one round trip less)
      const me = inlineJson({ user: req.user ?? actor, csrfToken: csrfTokenFor(req) });
      res.locals.documentHead =
        `${preload.join("")}${modulePreloadLinks(clientDir, dynamicImportsOf(clientDir, "index.html"))}` +
        `<script type="application/json" id="ko-session">${me}</script>` +
        `<script type="application/json" id="ko-desk-view" data-copy="${attr(id.data.id)}">${inlineJson(view satisfies DeskView)}</script>`;
    } catch {
      // not theirs or not there: the plain page (the desk asks the API, which answers as usual)
    }
    next();
  };
}
