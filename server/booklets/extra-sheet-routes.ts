// Extra answer sheets in the stapler: find the copy named on the sheet, attach, detach (undo).
import { Router } from "express";
import { bookletsApi as api } from "../../collab/contract/api/booklets.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { StaplerService } from "../intake/stapler-service.ts";
import { ExtraSheetService } from "./extra-sheet-service.ts";

export function extraSheetRoutes(ctx: AppContext): Router {
  const sheets = new ExtraSheetService(ctx.db);
  const stapler = new StaplerService(ctx.db);
  const r = Router();
  handle(r, api.copySuggestions, async ({ actor, params, query }) => ({ copies: await sheets.suggestions(actor, params.id, query.q) }));
  // both answer the stapler as it now is, like every stapler operation
  handle(r, api.attachExtraSheet, async ({ actor, params, body }, req) => {
    const out = await sheets.attach(actor, params.id, body, auditContext(req));
    return { ...out, stapler: await stapler.view(actor, params.id) };
  });
  handle(r, api.detachExtraSheet, async ({ actor, params, body }, req) => {
    const out = await sheets.detach(actor, params.id, body, auditContext(req));
    return { ...out, stapler: await stapler.view(actor, params.id) };
  });
  return r;
}
