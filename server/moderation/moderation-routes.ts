// HTTP of moderation's layers and second markings (docs/moderation.md): parse, call the use case, answer.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { actorOf, auditContext } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { layerDesk, layerHistory, layerOverview } from "./layer-view-service.ts";
import { requestSecondMarkings } from "./request-second-marking.ts";
import { CopyIdParam, ExamCopyParams, ExamIdParam, LayerParams, SecondMarkingRequest } from "./second-marking-schema.ts";
import { cancelSecondMarking, finalizeSecondMarking, listSecondMarkings, secondMarkingQueue } from "./second-marking-service.ts";

export function moderationRoutes(ctx: AppContext): Router {
  const r = Router();
  r.post("/exams/:examId/second-markings", async (req, res) => {
    const { examId } = parse(ExamIdParam, req.params);
    const input = parse(SecondMarkingRequest, req.body);
    res.status(201).json(await requestSecondMarkings(ctx.db, actorOf(req), examId, input, auditContext(req)));
  });
  r.get("/exams/:examId/second-markings", async (req, res) => {
    const { examId } = parse(ExamIdParam, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json({ markings: await listSecondMarkings(ctx.db, actorOf(req), examId) });
  });
  r.delete("/exams/:examId/second-markings/:copyId", async (req, res) => {
    const { examId, copyId } = parse(ExamCopyParams, req.params);
    res.json(await cancelSecondMarking(ctx.db, actorOf(req), examId, copyId, auditContext(req)));
  });
  r.get("/second-markings/mine", async (req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    res.json({ markings: await secondMarkingQueue(ctx.db, actorOf(req)) });
  });
  r.get("/copies/:id/layers", async (req, res) => {
    const { id } = parse(CopyIdParam, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await layerOverview(ctx.db, actorOf(req), id));
  });
  r.get("/copies/:id/layers/:layer", async (req, res) => {
    const { id, layer } = parse(LayerParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await layerDesk(ctx.db, actorOf(req), id, layer));
  });
  r.get("/copies/:id/layers/:layer/history", async (req, res) => {
    const { id, layer } = parse(LayerParams, req.params);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await layerHistory(ctx.db, actorOf(req), id, layer));
  });
  r.post("/copies/:id/layers/:layer/finalize", async (req, res) => {
    const { id } = parse(LayerParams, req.params);
    const out = await finalizeSecondMarking(ctx.db, actorOf(req), id, auditContext(req));
    res.status(200).json(out);
  });
  return r;
}
