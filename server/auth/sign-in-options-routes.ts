// GET /auth/options (public): which ways to sign in this installation offers, for the sign-in page.
import { Router } from "express";

export interface SignInOptions {
  /** null: no single sign-on configured */
  readonly sso: { readonly name: string | null } | null;
  /** forgotten password by e-mail (needs a mail relay) */
  readonly passwordReset: boolean;
}

export function signInOptionsRoutes(options: SignInOptions): Router {
  const r = Router();
  r.get("/auth/options", (_req, res) => {
    res.json(options);
  });
  return r;
}
