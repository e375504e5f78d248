// HTTP for the forgotten-password flow. The request always answers 202 with the same body.
import { Router } from "express";
import { auditContext, clientIp } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { ResetCheckInput, ResetCompleteInput, ResetRequestInput } from "./password-reset-schema.ts";
import type { PasswordResetService } from "./password-reset-service.ts";

export function passwordResetRoutes(service: PasswordResetService): Router {
  const r = Router();
  r.post("/auth/password-reset/request", async (req, res) => {
    const { email } = parse(ResetRequestInput, req.body);
    await service.request(email, { ...auditContext(req), ip: clientIp(req) });
    res.status(202).json({ ok: true, message: "If an account has this address, a link to choose a new password is on its way." });
  });
  r.post("/auth/password-reset/check", async (req, res) => {
    const { token } = parse(ResetCheckInput, req.body);
    await service.check(token, clientIp(req));
    res.json({ ok: true });
  });
  r.post("/auth/password-reset", async (req, res) => {
    const { token, newPassword } = parse(ResetCompleteInput, req.body);
    await service.complete(token, newPassword, { ...auditContext(req), ip: clientIp(req) });
    res.json({ ok: true });
  });
  return r;
}
