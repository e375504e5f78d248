// The stapler (admin, before validation) and validation of STAGING copies. Every operation answers
// the stapler as it now is.
import { Router } from "express";
import { intakeApi as api } from "../../collab/contract/api/intake.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import type { Actor } from "../policy/actor.ts";
import { MediaStore } from "../storage/media-store.ts";
import { loosePagePdf } from "./loose-page-pdf.ts";
import { sendCachedPdf } from "./pdf-response.ts";
import { StaplerService } from "./stapler-service.ts";
import { validateCopies } from "./validate-service.ts";

export function staplerRoutes(ctx: AppContext): Router {
  const stapler = new StaplerService(ctx.db);
  const media = new MediaStore(ctx.config.mediaDir);
  const r = Router();
  const view = async (actor: Actor, examId: string) => ({ stapler: await stapler.view(actor, examId) });

  handle(r, api.stapler, ({ actor, params }) => view(actor, params.id));
  handleRaw(r, api.loosePagePdf, async ({ actor, params }, req, res) => {
    await sendCachedPdf(req, res, await loosePagePdf(ctx.db, media, actor, params.id, params.pageId));
  });
  handle(r, api.movePage, async ({ actor, params, body }, req) => {
    await stapler.movePage(actor, params.id, body, auditContext(req));
    return view(actor, params.id);
  });
  handle(r, api.merge, async ({ actor, params, body }, req) => {
    await stapler.merge(actor, params.id, body, auditContext(req));
    return view(actor, params.id);
  });
  handle(r, api.split, async ({ actor, params, body }, req) => {
    const out = await stapler.split(actor, params.id, body, auditContext(req));
    return { newCopyId: out!.newCopyId, ...(await view(actor, params.id)) };
  });
  handle(r, api.reorder, async ({ actor, params, body }, req) => {
    await stapler.reorder(actor, params.id, body, auditContext(req));
    return view(actor, params.id);
  });
  handle(r, api.rotate, async ({ actor, params, body }, req) => {
    await stapler.rotate(actor, params.id, body, auditContext(req));
    return view(actor, params.id);
  });
  handle(r, api.newCopy, async ({ actor, params, body }, req) => {
    const out = await stapler.newCopy(actor, params.id, body, auditContext(req));
    return { newCopyId: out!.newCopyId, ...(await view(actor, params.id)) };
  });
  handle(r, api.deleteCopy, async ({ actor, params, body }, req) => {
    await stapler.deleteCopy(actor, params.id, body, auditContext(req));
    return view(actor, params.id);
  });
  handle(r, api.validate, ({ actor, params, body }, req) => validateCopies(ctx.db, actor, params.id, body?.batchId, auditContext(req)));
  return r;
}
