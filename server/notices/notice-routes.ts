// HTTP for notices: the contract's routes (collab/contract/api/notices.ts) — the signed-in user's
// list and choices; unsubscribing from an e-mail link.
import { Router } from "express";
import { noticesApi as api } from "../../collab/contract/api/notices.ts";
import type { AppContext } from "../context.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import { NoticeService } from "./notice-service.ts";

export function noticeRoutes(ctx: AppContext): Router {
  const service = new NoticeService(ctx.db, ctx.tokens, ctx.mailer !== null);
  const r = Router();
  handle(r, api.listNotices, ({ actor }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return service.list(actor);
  });
  handle(r, api.unreadNotices, async ({ actor }, _req, res) => {
    res.setHeader("Cache-Control", "private, no-store");
    return { unread: await service.unread(actor) };
  });
  handle(r, api.markAllNoticesRead, async ({ actor }) => ({ updated: await service.markAllRead(actor) }));
  handleRaw(r, api.markNoticeRead, async ({ actor, params }, _req, res) => {
    await service.markRead(actor, params.id);
    res.status(204).end();
  });
  handle(r, api.noticePreferences, ({ actor }) => service.preferences(actor));
  handle(r, api.saveNoticePreferences, ({ actor, body }) => service.setPreferences(actor, body));
  // the unsubscribe page's button, and RFC 8058 one-click POSTs from mail providers (no session)
  handle(r, api.unsubscribe, ({ query }, req) => service.unsubscribe(query.u, query.k, query.t, auditContext(req)));
  return r;
}
