// Scan batches of an exam: upload (multipart, field "files"), list, read, retry, delete.
import { Router } from "express";
import { intakeApi as api } from "../../collab/contract/api/intake.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { BatchService } from "./batch-service.ts";

export function batchRoutes(ctx: AppContext): Router {
  const batches = new BatchService(ctx);
  const r = Router();
  // the service streams the multipart body itself (busboy): the route reads no JSON body
  handle(r, api.uploadBatches, async ({ actor, params }, req) => ({ batches: await batches.upload(actor, params.id, req, auditContext(req)) }));
  handle(r, api.listBatches, async ({ actor, params }) => ({ batches: await batches.list(actor, params.id) }));
  handle(r, api.getBatch, async ({ actor, params }) => ({ batch: await batches.get(actor, params.id, params.batchId) }));
  handle(r, api.retryBatch, async ({ actor, params }, req) => ({ batch: await batches.retry(actor, params.id, params.batchId, auditContext(req)) }));
  handleRaw(r, api.deleteBatch, async ({ actor, params }, req, res) => {
    await batches.remove(actor, params.id, params.batchId, auditContext(req));
    res.status(204).end();
  });
  return r;
}
