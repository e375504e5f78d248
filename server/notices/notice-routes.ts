// HTTP for notices: the signed-in user's list and choices; unsubscribing from an e-mail link.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import type { OptionalNoticeKind } from "./notice-kinds.ts";
import { NoticeIdParam, PreferencesInput, UnsubscribeQuery } from "./notice-schema.ts";
import { NoticeService } from "./notice-service.ts";

export function noticeRoutes(ctx: AppContext): Router {
  const service = new NoticeService(ctx.db, ctx.tokens, ctx.mailer !== null);
  const r = Router();
  r.get("/notices", async (req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    res.json(await service.list(requireActor(req)));
  });
  r.get("/notices/unread", async (req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    res.json({ unread: await service.unread(requireActor(req)) });
  });
  r.post("/notices/read-all", async (req, res) => {
    res.json({ updated: await service.markAllRead(requireActor(req)) });
  });
  r.post("/notices/:id/read", async (req, res) => {
    const actor = requireActor(req);
    await service.markRead(actor, parse(NoticeIdParam, req.params).id);
    res.status(204).end();
  });
  r.get("/notices/preferences", async (req, res) => {
    res.json(await service.preferences(requireActor(req)));
  });
  r.put("/notices/preferences", async (req, res) => {
    const actor = requireActor(req);
    res.json(await service.setPreferences(actor, parse(PreferencesInput, req.body)));
  });
  // the unsubscribe page's button, and RFC 8058 one-click POSTs from mail providers (no session)
  r.post("/notices/unsubscribe", async (req, res) => {
    const q = parse(UnsubscribeQuery, req.query);
    res.json(await service.unsubscribe(q.u, q.k as OptionalNoticeKind, q.t, auditContext(req)));
  });
  return r;
}
