// Scan batches of an exam: upload (multipart, field "files"), list, read, retry, delete.
import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { BatchService } from "./batch-service.ts";

const ExamParam = z.strictObject({ id: z.uuid() });
const BatchParam = z.strictObject({ id: z.uuid(), batchId: z.uuid() });

export function batchRoutes(ctx: AppContext): Router {
  const batches = new BatchService(ctx);
  const r = Router();
  r.post("/exams/:id/batches", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(ExamParam, req.params);
    res.status(202).json({ batches: await batches.upload(actor, id, req, auditContext(req)) });
  });
  r.get("/exams/:id/batches", async (req, res) => {
    const { id } = parse(ExamParam, req.params);
    res.json({ batches: await batches.list(requireActor(req), id) });
  });
  r.get("/exams/:id/batches/:batchId", async (req, res) => {
    const { id, batchId } = parse(BatchParam, req.params);
    res.json({ batch: await batches.get(requireActor(req), id, batchId) });
  });
  r.post("/exams/:id/batches/:batchId/retry", async (req, res) => {
    const { id, batchId } = parse(BatchParam, req.params);
    res.json({ batch: await batches.retry(requireActor(req), id, batchId, auditContext(req)) });
  });
  r.delete("/exams/:id/batches/:batchId", async (req, res) => {
    const { id, batchId } = parse(BatchParam, req.params);
    await batches.remove(requireActor(req), id, batchId, auditContext(req));
    res.status(204).end();
  });
  return r;
}
