// Calls a route of the contract (collab/contract/api/): the URL from the path and its params, the
// query, the JSON body; the answer typed by the route's response schema. Errors are ApiErrors (http.ts).
import type { z } from "zod";
import type { JsonRouteSpec, PathParamNames, RouteSpec } from "../../../collab/contract/api/route.ts";
import { request } from "./http.ts";

type In<T> = T extends z.ZodType ? z.input<T> : never;

/** what a call takes: the path's params, the query and the body, each only when the route has it */
export type CallInput<S extends RouteSpec> = (S["params"] extends z.ZodType ? { params: In<S["params"]> } : { params?: never }) &
  (S["query"] extends z.ZodType ? { query?: In<S["query"]> } : { query?: never }) &
  (S["body"] extends z.ZodType ? { body: In<S["body"]> } : { body?: never });

type Answer<S extends RouteSpec> = S extends JsonRouteSpec ? (S["status"] extends 204 ? undefined : z.output<S["response"]>) : undefined;

type Args<S extends RouteSpec> = object extends CallInput<S> ? [input?: CallInput<S>] : [input: CallInput<S>];

export function call<const S extends RouteSpec>(spec: S, ...[input]: Args<S>): Promise<Answer<S>> {
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  return request<Answer<S>>(spec.method, urlOf(spec as RouteSpec, i.params, i.query), i.body);
}

/** The URL of a route (for links, images and downloads the browser fetches itself). */
export function urlOf<const S extends RouteSpec>(spec: S, params?: Record<PathParamNames<S["path"]>, string | number>, query?: Record<string, unknown>): string;
export function urlOf(spec: RouteSpec, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  const path = spec.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const v = params?.[name];
    if (v === undefined || v === null) throw new Error(`${spec.path}: missing parameter ${name}`);
    return encodeURIComponent(String(v));
  });
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) qs.append(k, String(one));
  }
  const q = qs.toString();
  return q ? `${path}?${q}` : path;
}
