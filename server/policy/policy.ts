// The one authorization module: every route and socket event asks can(actor, action, resource).
// Deny by default: an action with no rule is refused.
import { AppError, notFound } from "../errors/app-error.ts";
import type { Actor } from "./actor.ts";
import { copyRules } from "./copies.ts";
import { deskRules } from "./desk.ts";
import { examRules } from "./exams.ts";
import { imagingRules } from "./imaging.ts";
import { intakeRules } from "./intake.ts";
import { moderationRules } from "./moderation.ts";
import { exportRules } from "./exports.ts";
import { noticeRules } from "./notices.ts";
import { opsRules } from "./ops.ts";
import { portalRules } from "./portal.ts";
import { regionRules } from "./regions.ts";
import { regradeRules } from "./regrade.ts";
import { renderRules } from "./render.ts";
import { supervisionRules } from "./supervision.ts";
import { userRules } from "./users.ts";

const RULES = {
  ...userRules,
  ...opsRules,
  ...copyRules,
  ...deskRules,
  ...examRules,
  ...intakeRules,
  ...renderRules,
  ...supervisionRules,
  ...portalRules,
  ...exportRules,
  ...noticeRules,
  ...imagingRules,
  ...regionRules,
  ...regradeRules,
  ...moderationRules,
} as const;

type Rules = typeof RULES;
export type Action = keyof Rules;
type ResourceOf<A extends Action> = Rules[A] extends (a: Actor | null, r: infer R) => boolean ? R : undefined;

type Args<A extends Action> = Rules[A] extends (a: Actor | null) => boolean ? [resource?: undefined] : [resource: ResourceOf<A>];

export function can<A extends Action>(actor: Actor | null, action: A, ...[resource]: Args<A>): boolean {
  const rule = RULES[action] as ((a: Actor | null, r?: unknown) => boolean) | undefined;
  if (!rule || !actor || !actor.active) return false;
  return rule(actor, resource);
}

/** Throws FORBIDDEN (or UNAUTHENTICATED for anonymous) when the actor may not. */
export function authorize<A extends Action>(actor: Actor | null, action: A, ...args: Args<A>): void {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  if (!can(actor, action, ...args)) throw new AppError("FORBIDDEN", "You are not allowed to do this");
}

/** For resources whose existence must not leak (another student's copy): NOT_FOUND instead of FORBIDDEN. */
export function authorizeOrHide<A extends Action>(actor: Actor | null, action: A, ...args: Args<A>): void {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  if (!can(actor, action, ...args)) throw new AppError("NOT_FOUND", "Not found");
}

/** authorizeOrHide for one kind of object: the refusal is word for word what a missing `what` answers. */
export function authorizeOrHideAs<A extends Action>(what: string, actor: Actor | null, action: A, ...args: Args<A>): void {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  if (!can(actor, action, ...args)) throw notFound(what);
}
