// HTTP of the grader desk: GET /copies/:id/desk, and the annotation bank under /bank.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { BankIdParam, BankInput, BankQuery, CopyIdParam } from "./schema.ts";
import { DeskService } from "./service.ts";

export function deskRoutes(ctx: AppContext): Router {
  const desk = new DeskService(ctx.db);
  const r = Router();
  r.get("/copies/:id/desk", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(CopyIdParam, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await desk.desk(actor, id));
  });
  r.get("/bank", async (req, res) => {
    const actor = requireActor(req);
    const { examId } = parse(BankQuery, req.query);
    res.json({ entries: await desk.listBank(actor, examId) });
  });
  r.post("/bank", async (req, res) => {
    const actor = requireActor(req);
    res.status(201).json({ entry: await desk.addBank(actor, parse(BankInput, req.body)) });
  });
  r.delete("/bank/:id", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(BankIdParam, req.params);
    await desk.deleteBank(actor, id);
    res.status(204).end();
  });
  return r;
}
