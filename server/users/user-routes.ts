import { Router } from "express";
import { auditContext, requireActor } from "../http/request-context.ts";
import { parse } from "../errors/validate.ts";
import { CreateUserInput, UserIdParam } from "./user-schema.ts";
import type { UserService } from "./user-service.ts";

export function userRoutes(users: UserService): Router {
  const r = Router();
  r.get("/users", async (req, res) => {
    res.json({ users: await users.list(requireActor(req)) });
  });
  r.post("/users", async (req, res) => {
    const actor = requireActor(req);
    const out = await users.create(actor, parse(CreateUserInput, req.body), auditContext(req));
    res.status(201).json(out);
  });
  r.post("/users/:id/reset-password", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(UserIdParam, req.params);
    res.json(await users.resetPassword(actor, id, auditContext(req)));
  });
  r.post("/users/:id/sso-only", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(UserIdParam, req.params);
    res.json({ user: await users.setSsoOnly(actor, id, auditContext(req)) });
  });
  r.post("/users/:id/deactivate", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(UserIdParam, req.params);
    res.json({ user: await users.setActive(actor, id, false, auditContext(req)) });
  });
  r.post("/users/:id/activate", async (req, res) => {
    const actor = requireActor(req);
    const { id } = parse(UserIdParam, req.params);
    res.json({ user: await users.setActive(actor, id, true, auditContext(req)) });
  });
  return r;
}
