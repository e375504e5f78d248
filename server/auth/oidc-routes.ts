// HTTP for single sign-on. Both routes are browser navigations (links and redirects), so failures
// come back to the sign-in page as /login?sso_error=<code> instead of a JSON body.
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { authApi as api } from "../../collab/contract/api/auth.ts";
import { handleRaw } from "../http/contract-route.ts";
import { auditContext, clientIp } from "../http/request-context.ts";
import { logIn } from "./auth-routes.ts";
import { OidcFailure, type PendingOidc } from "./oidc-client.ts";
import type { OidcService } from "./oidc-service.ts";

declare module "express-session" {
  interface SessionData {
    /** the sign-in waiting at the provider: state, nonce and PKCE verifier of this browser only */
    oidc?: PendingOidc;
  }
}

// same-origin absolute paths only: `next` must never send the user to another site
const NextPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/);

const saveSession = (req: Request) => new Promise<void>((resolve, reject) => req.session.save((err) => (err ? reject(err) : resolve())));

function backToSignIn(res: Response, failure: OidcFailure): void {
  res.redirect(303, `/login?sso_error=${encodeURIComponent(failure.code)}`);
}

export function oidcRoutes(service: OidcService): Router {
  const r = Router();

  handleRaw(r, api.oidcStart, async ({ query }, req, res) => {
    const next = query.next !== undefined && NextPath.safeParse(query.next).success ? query.next : null;
    try {
      const { url, pending } = await service.begin(next, { ...auditContext(req), ip: clientIp(req) });
      req.session.oidc = pending;
      await saveSession(req); // stored before the browser leaves
      res.setHeader("Cache-Control", "no-store");
      res.redirect(303, url.href);
    } catch (e) {
      if (!(e instanceof OidcFailure)) throw e;
      backToSignIn(res, e);
    }
  });

  handleRaw(r, api.oidcCallback, async (_input, req, res) => {
    const pending = req.session.oidc;
    delete req.session.oidc; // single use: a replayed callback finds nothing to match
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "";
    res.setHeader("Cache-Control", "no-store");
    try {
      const user = await service.complete(query, pending, { ...auditContext(req), ip: clientIp(req) });
      await logIn(req, user); // passport regenerates the session: the pre-sign-in one is gone
      req.session.createdAt = Date.now();
      res.redirect(303, pending?.next ?? "/");
    } catch (e) {
      if (!(e instanceof OidcFailure)) throw e;
      if (req.session) await saveSession(req).catch(() => undefined);
      backToSignIn(res, e);
    }
  });

  return r;
}
