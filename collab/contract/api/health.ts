// Health for load balancers and orchestrators: liveness (the process answers) and readiness
// (database, migrations, Redis where configured). Public, answered before any session.
import { z } from "zod";
import { route } from "./route.ts";

export const Readiness = z.object({
  status: z.enum(["ok", "unavailable"]),
  /** per dependency: "ok", "unreachable", or "pending: <migrations>" */
  checks: z.record(z.string(), z.string()),
  /** what is wrong, when unavailable */
  reason: z.string().optional(),
});
export type Readiness = z.infer<typeof Readiness>;

export const healthApi = {
  live: route({
    method: "GET",
    path: "/api/health/live",
    summary: "Liveness: the process answers",
    access: "public",
    response: z.object({ status: z.literal("ok") }),
    errors: [],
  }),
  ready: route({
    method: "GET",
    path: "/api/health/ready",
    summary: "Readiness: database reachable, migrations applied, Redis reachable where configured; 503 with the same body (status unavailable) otherwise",
    access: "public",
    response: Readiness,
    errors: ["UNAVAILABLE"],
  }),
};
