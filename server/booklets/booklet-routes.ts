// QR-coded booklets: print a run, download its PDF, see what the scans brought back.
import { Router } from "express";
import { bookletsApi as api } from "../../collab/contract/api/booklets.ts";
import type { AppContext } from "../context.ts";
import { contentDisposition } from "../exports/content-disposition.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { BookletService } from "./booklet-service.ts";

export function bookletRoutes(ctx: AppContext): Router {
  const booklets = new BookletService(ctx);
  const r = Router();
  handle(r, api.printBooklets, ({ actor, params, body }, req) => booklets.print(actor, params.id, body, auditContext(req)));
  handle(r, api.bookletSummary, ({ actor, params }) => booklets.summary(actor, params.id));
  handleRaw(r, api.bookletRunPdf, async ({ actor, params }, _req, res) => {
    const pdf = await booklets.runPdf(actor, params.id, Number(params.run));
    res.setHeader("Content-Type", "application/pdf");
    res.setHeader("Content-Disposition", contentDisposition("attachment", pdf.fileName));
    res.setHeader("Cache-Control", "private, no-store");
    res.end(Buffer.from(pdf.bytes));
  });
  return r;
}
