// HTTP of a copy's history (docs/history.md): the timeline, the state at a moment, who set a mark.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { loadHistoryCopy } from "./history-access.ts";
import { HistoryParam, StateQuery, TimelineQuery, WhoQuery } from "./history-schema.ts";
import { seqAtTime, stateAt } from "./seek.ts";
import { loadTimeline } from "./timeline.ts";
import { whoSet } from "./who-set.ts";

export function historyRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get("/copies/:id/history", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(HistoryParam, req.params);
    const filter = parse(TimelineQuery, req.query);
    const copy = await loadHistoryCopy(ctx.db, actor, id);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await loadTimeline(ctx.db, ctx.pool, copy, filter));
  });
  r.get("/copies/:id/history/state", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(HistoryParam, req.params);
    const q = parse(StateQuery, req.query);
    const copy = await loadHistoryCopy(ctx.db, actor, id);
    const seq = q.seq ?? (await seqAtTime(ctx.db, copy, new Date(q.at!)));
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await stateAt(ctx.db, ctx.pool, copy, seq, { ...(q.page === undefined ? {} : { page: q.page }), ...(q.format ? { format: q.format } : {}) }));
  });
  r.get("/copies/:id/history/who", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(HistoryParam, req.params);
    const { question } = parse(WhoQuery, req.query);
    const copy = await loadHistoryCopy(ctx.db, actor, id);
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await whoSet(ctx.db, ctx.pool, copy, question));
  });
  return r;
}
