// What the policy needs to know about an actor and a copy's second marking: is the actor its
// marker (they then see the bare scan), and must the copy's main layer stay closed to them (blind).
import type { Actor } from "../policy/actor.ts";

export interface MarkingFacts {
  readonly markerId: string | null;
  readonly status: string;
}

/** The actor marks this copy's second layer (asked, under way or done): the scan is theirs to read. */
export function isSecondMarker(actor: Actor, m: MarkingFacts | null | undefined): boolean {
  return !!m && m.markerId === actor.id && m.status !== "CANCELLED";
}

/** Statuses during which the second marker may see no trace of the first marking. */
export const BLIND_STATUSES = ["WAITING", "GRADING"] as const;

/** The main layer is closed to the actor: they are this copy's second marker and the marking is not done. */
export function isBlindTo(actor: Actor, m: MarkingFacts | null | undefined): boolean {
  return !!m && m.markerId === actor.id && (BLIND_STATUSES as readonly string[]).includes(m.status);
}
