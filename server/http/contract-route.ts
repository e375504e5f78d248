// Registers a route of the contract (collab/contract/api/) on an express router: the caller's
// identity, then params, query and body parsed with the contract's schemas, then the handler; a JSON
// answer must have the contract's response type (type check). With KORRIGO_CONTRACT_CHECK=1 (the
// test suite) every answer is also checked at run time against the contract: the response schema,
// the declared error codes and the declared roles; a route that breaks its contract answers 500.
import type { Request, Response, Router } from "express";
import type { z } from "zod";
import { impliedErrors, type Jsonify, type JsonRouteSpec, type RouteSpec } from "../../collab/contract/api/route.ts";
import { AppError, type ErrorCode } from "../errors/app-error.ts";
import { parse } from "../errors/validate.ts";
import type { Actor } from "../policy/actor.ts";
import { actorOf, requireActor } from "./request-context.ts";

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteInput<S extends RouteSpec> {
  /** the signed-in user (null only on a public route) */
  actor: S["access"] extends "public" ? Actor | null : Actor;
  params: Parsed<S["params"]>;
  query: Parsed<S["query"]>;
  body: Parsed<S["body"]>;
}

/** empty when the answer matches the contract's response, else a required argument naming both */
type AnswerCheck<S extends JsonRouteSpec, O> = [Jsonify<O>] extends [z.input<S["response"]>]
  ? []
  : [contract_mismatch: { answer: Jsonify<O>; expected: z.input<S["response"]> }];

const checking = () => process.env.KORRIGO_CONTRACT_CHECK === "1";

/** A JSON route: the handler returns the answer; 204 routes return nothing. */
export function handle<const S extends JsonRouteSpec, O>(
  router: Router,
  spec: S,
  fn: (input: RouteInput<S>, req: Request, res: Response) => Promise<O> | O,
  ...mismatch: AnswerCheck<S, O>
): void;
export function handle(router: Router, spec: JsonRouteSpec, fn: (input: RouteInput<RouteSpec>, req: Request, res: Response) => unknown): void {
  register(router, spec, async (input, req, res) => {
    const out = await fn(input, req, res);
    if (res.headersSent) return; // answered by the handler itself (a 304 from an ETag)
    if (checking()) checkAnswer(spec, out);
    res.status(spec.status ?? 200).json(out);
  });
}

/** A route that writes its own answer: a file, a redirect, a 204, a stream. */
export function handleRaw<const S extends RouteSpec>(
  router: Router,
  spec: S,
  fn: (input: RouteInput<S>, req: Request, res: Response) => Promise<void> | void,
): void {
  register(router, spec, fn as (input: RouteInput<RouteSpec>, req: Request, res: Response) => Promise<void> | void);
}

/** the express path of a contract path under the router's mount point (/api by default) */
export function mountedPath(path: string, mount = "/api"): string {
  return mount && path.startsWith(`${mount}/`) ? path.slice(mount.length) : path;
}

function register(
  router: Router,
  spec: RouteSpec,
  fn: (input: RouteInput<RouteSpec>, req: Request, res: Response) => Promise<void> | void,
  mount = spec.path === "/metrics" ? "" : "/api",
): void {
  const method = spec.method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
  router[method](mountedPath(spec.path, mount), async (req: Request, res: Response) => {
    try {
      const actor = spec.access === "public" ? actorOf(req) : requireActor(req);
      const input: RouteInput<RouteSpec> = {
        actor: actor as Actor,
        params: spec.params ? parse(spec.params, req.params) : undefined,
        query: spec.query ? parse(spec.query, req.query) : undefined,
        body: spec.body ? parse(spec.body, req.body) : undefined,
      };
      await fn(input, req, res);
      if (checking()) checkRole(spec, actor, res);
    } catch (e) {
      if (checking() && e instanceof AppError) checkError(spec, e.code);
      throw e;
    }
  });
}

/** A broken contract: a programming error, so a 500 that names it (the suite fails on it). */
class ContractViolation extends Error {
  override name = "ContractViolation";
}

function checkAnswer(spec: JsonRouteSpec, out: unknown): void {
  const wire = out === undefined ? undefined : JSON.parse(JSON.stringify(out));
  const r = spec.response.safeParse(wire);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || "(answer)"}: ${i.message}`).join("; ");
    throw new ContractViolation(`${spec.method} ${spec.path} answered outside its response schema: ${issues}`);
  }
}

function checkError(spec: RouteSpec, code: ErrorCode): void {
  if (spec.errors.includes(code) || impliedErrors(spec).includes(code)) return;
  throw new ContractViolation(`${spec.method} ${spec.path} answered ${code}, which is not in its errors`);
}

function checkRole(spec: RouteSpec, actor: Actor | null, res: Response): void {
  if (typeof spec.access === "string" || res.statusCode >= 400) return;
  if (!actor || !spec.access.includes(actor.role))
    throw new ContractViolation(`${spec.method} ${spec.path} answered ${res.statusCode} to ${actor?.role ?? "an anonymous user"}, not in its access`);
}
