// HTTP transport for sign-in: parse, call the service, answer. Rules live in AuthService.
import { Router, type Request } from "express";
import passport, { type PassportStatic } from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import { AppError } from "../errors/app-error.ts";
import { authApi as api } from "../../collab/contract/api/auth.ts";
import { handle, handleRaw } from "../http/contract-route.ts";
import { auditContext, clientIp } from "../http/request-context.ts";
import { recordAudit } from "../audit/audit-service.ts";
import { csrfTokenFor } from "../security/csrf-middleware.ts";
import type { Db } from "../db/client.ts";
import type { AuthService } from "./auth-service.ts";
import type { PublicUser } from "./public-user.ts";

export function logIn(req: Request, user: PublicUser): Promise<void> {
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

export function authRoutes(auth: AuthService, db: Db, authenticator: PassportStatic): Router {
  const r = Router();

  handle(r, api.login, async (_input, req) => {
    const user = await authenticateLocal(authenticator, req);
    await logIn(req, user); // passport regenerates the session: no fixation
    req.session.createdAt = Date.now();
    return { user, csrfToken: csrfTokenFor(req) };
  });

  handleRaw(r, api.logout, async (_input, req, res) => {
    const user = req.user;
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    if (user) await recordAudit(db, { ...auditContext(req), actorId: user.id, actorName: user.username }, { action: "auth.logout" });
    res.clearCookie("korrigo.sid").status(204).end();
  });

  handle(r, api.me, (_input, req) => ({ user: req.user as PublicUser, csrfToken: csrfTokenFor(req) }));

  handle(r, api.changePassword, async ({ actor, body: input }, req) => {
    const user = await auth.changePassword(actor.id, input.currentPassword, input.newPassword, { ...auditContext(req), sessionId: req.sessionID });
    await logIn(req, user);
    req.session.createdAt = Date.now();
    return { user, csrfToken: csrfTokenFor(req) };
  });

  return r;
}

// passport-local reads username/password from the (already validated) body.
function authenticateLocal(authenticator: PassportStatic, req: Request): Promise<PublicUser> {
  return new Promise((resolve, reject) => {
    const handler = authenticator.authenticate("local", { session: false }, (err: unknown, user: PublicUser | false) => {
      if (err) reject(err);
      else if (!user) reject(new AppError("INVALID_CREDENTIALS", "Invalid username or password"));
      else resolve(user);
    });
    handler(req, undefined, reject);
  });
}

// One authenticator per server, not passport's module-wide singleton: two servers in one process
// (tests, tools) would otherwise share a strategy list and deserializers, and passport would read
// every session with the first server's database.
export function createAuthenticator(auth: AuthService): PassportStatic {
  const authenticator = new passport.Passport() as PassportStatic;
  authenticator.use(
    new LocalStrategy({ passReqToCallback: true }, (req, username, password, done) => {
      auth.verifyCredentials(username, password, { ...auditContext(req), ip: clientIp(req) }).then((u) => done(null, u), done);
    }),
  );
  authenticator.serializeUser((user, done) => done(null, (user as PublicUser).id));
  authenticator.deserializeUser((id: string, done) => {
    auth.findActiveUser(id).then((u) => done(null, u ?? false), done);
  });
  return authenticator;
}
