import type { RequestHandler } from "express";
import { AppError } from "../errors/app-error.ts";

// While a password change is pending, only these answer (health routes are mounted before).
const ALLOWED_WHILE_MUST_CHANGE = new Set(["GET /me", "POST /auth/password", "POST /auth/logout", "POST /auth/login"]);

export const mustChangePasswordGate: RequestHandler = (req, _res, next) => {
  if (!req.user?.mustChangePassword) return next();
  if (ALLOWED_WHILE_MUST_CHANGE.has(`${req.method} ${req.path}`)) return next();
  next(new AppError("PASSWORD_CHANGE_REQUIRED", "Change your password before continuing"));
};
