// HTTP of a copy's history (docs/history.md): the timeline, the state at a moment, who set a mark.
import { Router } from "express";
import { historyApi as api } from "../../collab/contract/api/history.ts";
import type { AppContext } from "../context.ts";
import { handle } from "../http/contract-route.ts";
import { loadHistoryCopy } from "./history-access.ts";
import { seqAtTime, stateAt } from "./seek.ts";
import { loadTimeline } from "./timeline.ts";
import { whoSet } from "./who-set.ts";

export function historyRoutes(ctx: AppContext): Router {
  const r = Router();
  handle(r, api.timeline, async ({ actor, params, query }, _req, res) => {
    const copy = await loadHistoryCopy(ctx.db, actor, params.id);
    res.setHeader("Cache-Control", "private, no-store");
    return loadTimeline(ctx.db, ctx.pool, copy, query);
  });
  handle(r, api.stateAt, async ({ actor, params, query: q }, _req, res) => {
    const copy = await loadHistoryCopy(ctx.db, actor, params.id);
    const seq = q.seq ?? (await seqAtTime(ctx.db, copy, new Date(q.at!)));
    res.setHeader("Cache-Control", "private, no-store");
    return stateAt(ctx.db, ctx.pool, copy, seq, { ...(q.page === undefined ? {} : { page: q.page }), ...(q.format ? { format: q.format } : {}) });
  });
  handle(r, api.whoSet, async ({ actor, params, query }, _req, res) => {
    const copy = await loadHistoryCopy(ctx.db, actor, params.id);
    res.setHeader("Cache-Control", "private, no-store");
    return whoSet(ctx.db, ctx.pool, copy, query.question);
  });
  return r;
}
