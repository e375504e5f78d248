// HTTP of the grader desk: GET /copies/:id/desk, and the annotation bank under /bank.
import { Router } from "express";
import { deskApi as api } from "../../collab/contract/api/desk.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { DeskService } from "./service.ts";

export function deskRoutes(ctx: AppContext): Router {
  const desk = new DeskService(ctx.db);
  const r = Router();
  handle(r, api.deskView, ({ actor, params }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return desk.desk(actor, params.id);
  });
  handle(r, api.listBank, async ({ actor, query }) => ({ entries: await desk.listBank(actor, query.examId) }));
  handle(r, api.addBankEntry, async ({ actor, body }) => ({ entry: await desk.addBank(actor, body) }));
  handleRaw(r, api.deleteBankEntry, async ({ actor, params }, _req, res) => {
    await desk.deleteBank(actor, params.id);
    res.status(204).end();
  });
  return r;
}
