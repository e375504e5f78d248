// Operations: the Prometheus metrics of the process, served at the root (not under /api).
import { route } from "./route.ts";

export const opsApi = {
  metrics: route({
    method: "GET",
    path: "/metrics",
    summary:
      "Prometheus metrics (text exposition format); not under /api and no session: send Authorization: Bearer <METRICS_TOKEN> (required in production, open in development when unset)",
    access: "public",
    response: { file: "text/plain" },
    errors: ["UNAUTHENTICATED"],
  }),
};
