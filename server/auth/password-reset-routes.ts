// HTTP for the forgotten-password flow. The request always answers 202 with the same body.
import { Router } from "express";
import { authApi as api } from "../../collab/contract/api/auth.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext, clientIp } from "../http/request-context.ts";
import type { PasswordResetService } from "./password-reset-service.ts";

export function passwordResetRoutes(service: PasswordResetService): Router {
  const r = Router();
  handle(r, api.requestPasswordReset, async ({ body }, req) => {
    await service.request(body.email, { ...auditContext(req), ip: clientIp(req) });
    return { ok: true as const, message: "If an account has this address, a link to choose a new password is on its way." };
  });
  handle(r, api.checkPasswordReset, async ({ body }, req) => {
    await service.check(body.token, clientIp(req));
    return { ok: true as const };
  });
  handle(r, api.completePasswordReset, async ({ body }, req) => {
    await service.complete(body.token, body.newPassword, { ...auditContext(req), ip: clientIp(req) });
    return { ok: true as const };
  });
  return r;
}
