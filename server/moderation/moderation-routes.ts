// HTTP of moderation's layers and second markings (docs/moderation.md): the contract's routes
// (collab/contract/api/moderation.ts), each calling its use case.
import { Router, type Response } from "express";
import { moderationApi as api } from "../../collab/contract/api/moderation.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { layerDesk, layerHistory, layerOverview } from "./layer-view-service.ts";
import { requestSecondMarkings } from "./request-second-marking.ts";
import { cancelSecondMarking, finalizeSecondMarking, listSecondMarkings, secondMarkingQueue } from "./second-marking-service.ts";

const noStore = (res: Response) => res.setHeader("Cache-Control", "private, no-store");

export function moderationRoutes(ctx: AppContext): Router {
  const r = Router();
  handle(r, api.requestSecondMarkings, ({ actor, params, body }, req) => requestSecondMarkings(ctx.db, actor, params.examId, body, auditContext(req)));
  handle(r, api.listSecondMarkings, async ({ actor, params }, _req, res) => {
    noStore(res);
    return { markings: await listSecondMarkings(ctx.db, actor, params.examId) };
  });
  handle(r, api.cancelSecondMarking, ({ actor, params }, req) => cancelSecondMarking(ctx.db, actor, params.examId, params.copyId, auditContext(req)));
  handle(r, api.mySecondMarkings, async ({ actor }, _req, res) => {
    noStore(res);
    return { markings: await secondMarkingQueue(ctx.db, actor) };
  });
  handle(r, api.layerOverview, ({ actor, params }, _req, res) => {
    noStore(res);
    return layerOverview(ctx.db, actor, params.id);
  });
  handle(r, api.layerDesk, ({ actor, params }, _req, res) => {
    noStore(res);
    return layerDesk(ctx.db, actor, params.id, params.layer);
  });
  handle(r, api.layerHistory, ({ actor, params }, _req, res) => {
    noStore(res);
    return layerHistory(ctx.db, actor, params.id, params.layer);
  });
  handle(r, api.finalizeLayer, ({ actor, params }, req) => finalizeSecondMarking(ctx.db, actor, params.id, auditContext(req)));
  return r;
}
