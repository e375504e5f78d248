// The express application: middleware order matters and is written down here once.
import express, { type Express } from "express";
import session from "express-session";
import "./express-augment.ts";
import { auditRoutes } from "../audit/audit-routes.ts";
import { mustChangePasswordGate } from "../auth/auth-middleware.ts";
import { authRoutes, createAuthenticator } from "../auth/auth-routes.ts";
import { PrismaSessionStore } from "../auth/session-store.ts";
import { signInRoutes } from "../auth/sign-in-routes.ts";
import { renderRoutes } from "../render/render-routes.ts";
import { supervisionRoutes } from "../supervision/supervision-routes.ts";
import { reconcileRoutes } from "../moderation/reconcile-routes.ts";
import { releaseRoutes } from "../release/release-routes.ts";
import { portalRoutes } from "../portal/portal-routes.ts";
import { versionChangesRoutes } from "../portal/version-changes-routes.ts";
import { exportRoutes } from "../exports/export-routes.ts";
import { regradeRoutes } from "../regrade/regrade-routes.ts";
import type { AppContext } from "../context.ts";
import { deskRoutes } from "../desk/routes.ts";
import { historyRoutes } from "../history/history-routes.ts";
import { healthRoutes } from "../health/health-routes.ts";
import { setDatabaseGaugeSource } from "../ops/metrics.ts";
import { metricsRoutes } from "../ops/metrics-routes.ts";
import { csrfProtection, originCheck } from "../security/csrf-middleware.ts";
import { userRoutes } from "../users/user-routes.ts";
import { examsRouter } from "../exams/exams-router.ts";
import { moderationRoutes } from "../moderation/moderation-routes.ts";
import { rosterRoutes } from "../roster/roster-routes.ts";
import { intakeRouter } from "../intake/intake-router.ts";
import { imagingRouter } from "../imaging/imaging-router.ts";
import { identificationRoutes } from "../identification/identification-routes.ts";
import { dispatchRoutes } from "../dispatch/dispatch-routes.ts";
import { noticeRoutes } from "../notices/notice-routes.ts";
import { bodyIdleTimeout } from "./body-idle-timeout.ts";
import { errorHandler, notFoundHandler } from "./error-handler.ts";
import { requestLogging } from "./request-logging.ts";
import { securityHeaders } from "./security-headers.ts";
import { staticClient } from "./static-client.ts";
import { referenceRoutes } from "./reference-routes.ts";
import { DESK_DOCUMENT_PATH, deskDocumentHead } from "../desk/desk-document-middleware.ts";
import { DeskService } from "../desk/service.ts";

export const SESSION_COOKIE = "korrigo.sid";

export interface HttpApp {
  app: Express;
  apiRouter: express.Router;
  sessionMiddleware: express.RequestHandler;
}

export function createHttpApp(ctx: AppContext, extraApiRoutes: express.Router[] = []): HttpApp {
  const { config, log } = ctx;
  const app = express();
  app.disable("x-powered-by");
  if (config.trustProxy) app.set("trust proxy", /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  app.use(requestLogging(log));
  app.use(securityHeaders(config));
  app.use(bodyIdleTimeout(config.bodyIdleTimeoutMs, log));
  app.use("/api", healthRoutes({ pool: ctx.pool, redis: ctx.redis }), referenceRoutes());
  app.use(metricsRoutes(config.metricsToken, config.isProduction));
  setDatabaseGaugeSource((sql) => ctx.pool.query(sql));

  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store: new PrismaSessionStore(ctx.db, config.session, ctx.revokedSessions),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: !!config.trustProxy,
    // the browser keeps the cookie as long as the absolute timeout: a grader working over the socket
    // only (no HTTP request) keeps the session alive in the store, and a reconnection after the idle
    // delay must still carry the cookie. The store enforces both timeouts.
    cookie: { httpOnly: true, sameSite: "lax", secure: config.session.cookieSecure, maxAge: config.session.absoluteTimeoutMs },
  });
  const authenticator = createAuthenticator(ctx.auth);
  const signedIn = [sessionMiddleware, authenticator.initialize(), authenticator.session()];

  const api = express.Router();
  api.use((req, res, next) => {
    res.locals.mountPath = req.baseUrl;
    next();
  });
  api.use(express.json({ limit: "1mb", strict: true, type: ["application/json", "application/*+json"] }));
  api.use(signedIn);
  api.use(originCheck(config.allowedOrigins));
  api.use(csrfProtection(["/auth/login"]));
  api.use(mustChangePasswordGate);
  api.use(authRoutes(ctx.auth, ctx.db, authenticator));
  api.use(signInRoutes(ctx));
  api.use(userRoutes(ctx.users));
  api.use(auditRoutes(ctx.db));
  api.use(examsRouter(ctx));
  api.use(rosterRoutes(ctx));
  api.use(intakeRouter(ctx));
  api.use(imagingRouter(ctx));
  api.use(identificationRoutes(ctx));
  api.use(dispatchRoutes(ctx));
  api.use(renderRoutes(ctx));
  api.use(deskRoutes(ctx));
  api.use(historyRoutes(ctx));
  api.use(supervisionRoutes(ctx));
  api.use(reconcileRoutes(ctx));
  api.use(releaseRoutes(ctx));
  api.use(portalRoutes(ctx));
  api.use(versionChangesRoutes(ctx));
  api.use(exportRoutes(ctx));
  api.use(noticeRoutes(ctx));
  api.use(regradeRoutes(ctx));
  api.use(moderationRoutes(ctx));
  for (const r of extraApiRoutes) api.use(r);
  api.use(notFoundHandler);
  app.use("/api", api);

  // the first navigation to a desk: its data and first images' hints in the page (desk-document-middleware.ts)
  app.get(DESK_DOCUMENT_PATH, signedIn, deskDocumentHead(new DeskService(ctx.db)));
  app.use(staticClient());
  app.use(notFoundHandler);
  app.use(errorHandler(log, { exposeStack: config.env === "development" }));
  return { app, apiRouter: api, sessionMiddleware };
}
