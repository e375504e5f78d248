// GET /auth/options (public): which ways to sign in this installation offers, for the sign-in page.
import { Router } from "express";
import { authApi as api, type SignInOptions } from "../../collab/contract/api/auth.ts";
import { handle } from "../http/contract-route.ts";

export type { SignInOptions };

export function signInOptionsRoutes(options: SignInOptions): Router {
  const r = Router();
  handle(r, api.signInOptions, () => options);
  return r;
}
