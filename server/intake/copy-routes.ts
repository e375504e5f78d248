// GET /api/copies/:id and GET /api/copies/:id/pdf (ETag + 304, private cache, byte ranges).
import { Router } from "express";
import { intakeApi as api } from "../../collab/contract/api/intake.ts";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors/app-error.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { CopyService } from "./copy-service.ts";
import { sendCachedPdf } from "./pdf-response.ts";

/** pdf.js asks for byte ranges; the URL with ?v=<pagesHash> never changes content, so it may be kept long. */
export function copyRoutes(ctx: AppContext): Router {
  const copies = new CopyService(ctx);
  const r = Router();
  handle(r, api.getCopy, async ({ actor, params }) => ({ copy: await copies.get(actor, params.id) }));
  handleRaw(r, api.copyPdf, async ({ actor, params }, req, res) => {
    const out = await copies.pdf(actor, params.id);
    if (out.empty) throw new AppError("INVALID_STATE", "This copy has no pages");
    await sendCachedPdf(req, res, out);
  });
  return r;
}
