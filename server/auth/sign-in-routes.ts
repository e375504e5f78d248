// The optional ways in: single sign-on (OIDC_*) and forgotten password by e-mail (SMTP_*), with the
// public list of what this installation offers. Without the settings, only the list answers.
import { Router } from "express";
import type { AppContext } from "../context.ts";
import { LoginThrottle } from "./login-throttle.ts";
import { oidcRoutes } from "./oidc-routes.ts";
import { OidcService } from "./oidc-service.ts";
import { passwordResetRoutes } from "./password-reset-routes.ts";
import { PasswordResetService } from "./password-reset-service.ts";
import { signInOptionsRoutes } from "./sign-in-options-routes.ts";

export function signInRoutes(ctx: AppContext): Router {
  const { config } = ctx;
  const r = Router();
  const resets = new PasswordResetService({ db: ctx.db, tokens: ctx.tokens, limiters: ctx.limiters, config, log: ctx.log, enabled: ctx.mailer !== null });
  const sso = config.oidc
    ? new OidcService(ctx.db, config.oidc, new LoginThrottle(ctx.limiters, config.login), ctx.limiters, ctx.log, config.login.maxPerIpPerHour)
    : null;
  r.use(signInOptionsRoutes({ sso: sso ? { name: sso.displayName } : null, passwordReset: resets.enabled }));
  r.use(passwordResetRoutes(resets));
  if (sso) r.use(oidcRoutes(sso));
  return r;
}
