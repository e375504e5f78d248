import { Router } from "express";
import { usersApi as api } from "../../collab/contract/api/users.ts";
import { handle } from "../http/contract-route.ts";
import { auditContext } from "../http/request-context.ts";
import type { UserService } from "./user-service.ts";

export function userRoutes(users: UserService): Router {
  const r = Router();
  handle(r, api.listUsers, async ({ actor }) => ({ users: await users.list(actor) }));
  handle(r, api.createUser, ({ actor, body }, req) => users.create(actor, body, auditContext(req)));
  handle(r, api.resetPassword, ({ actor, params }, req) => users.resetPassword(actor, params.id, auditContext(req)));
  handle(r, api.makeSsoOnly, async ({ actor, params }, req) => ({ user: await users.setSsoOnly(actor, params.id, auditContext(req)) }));
  handle(r, api.deactivateUser, async ({ actor, params }, req) => ({ user: await users.setActive(actor, params.id, false, auditContext(req)) }));
  handle(r, api.activateUser, async ({ actor, params }, req) => ({ user: await users.setActive(actor, params.id, true, auditContext(req)) }));
  return r;
}
