import crypto from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { httpDuration } from "../ops/metrics.ts";

// Request id (X-Request-Id passed through from the proxy when sane) and one log line per request.
export function requestLogging(log: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get("x-request-id");
    req.id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.setHeader("X-Request-Id", req.id);
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      // the route pattern, not the URL: ids must not explode the label set
      // (baseUrl is gone by the time an error reaches the app-level handler: the router left it in res.locals)
      const route = req.route?.path
        ? `${(res.locals.mountPath as string | undefined) ?? req.baseUrl}${req.route.path}`
        : req.originalUrl.startsWith("/api/")
          ? "unmatched"
          : "static";
      httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, ms / 1000);
      const level = res.statusCode >= 500 ? "error" : "info";
      log[level](
        { reqId: req.id, userId: req.user?.id, method: req.method, url: req.originalUrl.split("?")[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        "http",
      );
    });
    next();
  };
}
