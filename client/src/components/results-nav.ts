// Navigation entries of issue #7's pages, per role (the shell renders them).
import type { Role } from "../api/types.ts";
import type { MessageKey } from "../i18n/i18n.ts";
import { resultsPaths, type RouteName } from "../router.ts";

export interface NavEntry {
  href: string;
  label: MessageKey;
  /** routes under which the entry is the current page */
  routes: RouteName[];
}

const SUPERVISION: NavEntry = { href: resultsPaths.supervision, label: "nav.supervision", routes: ["supervision", "supervisionExam"] };
const RELEASE: NavEntry = { href: resultsPaths.release, label: "nav.release", routes: ["release", "releaseExam"] };
const EXPORTS: NavEntry = { href: resultsPaths.exports, label: "nav.exports", routes: ["exports"] };
const AUDIT: NavEntry = { href: resultsPaths.audit, label: "nav.audit", routes: ["audit"] };
const PORTAL: NavEntry = { href: resultsPaths.portal, label: "nav.portal", routes: ["portal", "portalCopy"] };

/** Every page of #7 the role may open (the home's cards). */
export function resultsPages(role: Role): NavEntry[] {
  return role === "ADMIN" ? [SUPERVISION, RELEASE, EXPORTS, AUDIT] : resultsNav(role);
}

/** The header's entries: kept short, the header is shared with every feature (exports are one click from release). */
export function resultsNav(role: Role): NavEntry[] {
  switch (role) {
    case "ADMIN":
      return [SUPERVISION, { ...RELEASE, routes: [...RELEASE.routes, ...EXPORTS.routes] }, AUDIT];
    case "SUPERVISOR":
      return [SUPERVISION];
    case "STUDENT":
      return [PORTAL];
    default:
      return [];
  }
}

/** Which roles may open each page of #7 (the server checks again; this only avoids a dead screen). */
export const resultsAccess: Partial<Record<RouteName, readonly Role[]>> = {
  supervision: ["ADMIN", "SUPERVISOR"],
  supervisionExam: ["ADMIN", "SUPERVISOR"],
  release: ["ADMIN"],
  releaseExam: ["ADMIN"],
  exports: ["ADMIN"],
  audit: ["ADMIN"],
  portal: ["STUDENT"],
  portalCopy: ["STUDENT"],
};
