import crypto from "node:crypto";
import { Router } from "express";
import { opsApi as api } from "../../collab/contract/api/ops.ts";
import { AppError } from "../errors/app-error.ts";
import { handleRaw } from "../http/contract-route.ts";
import { metricsText, registry } from "./metrics.ts";

export const sameSecret = (a: string, b: string) => {
  const x = crypto.createHash("sha256").update(a).digest();
  const y = crypto.createHash("sha256").update(b).digest();
  return crypto.timingSafeEqual(x, y);
};

// /metrics (collab/contract/api/ops.ts): bearer METRICS_TOKEN (required in production; open in development when unset).
export function metricsRoutes(token: string | undefined, isProduction: boolean): Router {
  const r = Router();
  handleRaw(r, api.metrics, async (_input, req, res) => {
    if (token || isProduction) {
      const sent = /^Bearer\s+(.+)$/i.exec(req.get("authorization") ?? "")?.[1];
      if (!token || !sent || !sameSecret(sent, token)) throw new AppError("UNAUTHENTICATED", "A valid bearer token is required");
    }
    res.setHeader("Content-Type", registry.contentType);
    res.send(await metricsText());
  });
  return r;
}
