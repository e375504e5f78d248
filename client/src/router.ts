// A tiny History API router. The server answers every non-API path with index.html.

export type RouteName =
  | "home"
  | "login"
  | "password"
  | "users"
  | "notFound"
  | ResultsRouteName
  | "desk"
  | IntakeRouteName
  | SignInRouteName
  | ByQuestionRouteName
  | ModerationRouteName;

/** Moderation (#16): reconciling a double-marked copy; a copy's marking layers, for supervisors. */
export type ModerationRouteName = "reconcile" | "copyLayers";

/** Grading by question and the question regions it shows (#12). */
export type ByQuestionRouteName = "byQuestion" | "examRegions";

/** Forgotten password, notices, unsubscribing (#19); the first three answer without a session. */
export type SignInRouteName = "passwordForgot" | "passwordReset" | "unsubscribe" | "notices";

export interface Route {
  name: RouteName;
  path: string;
  query: URLSearchParams;
  /** values of the `:name` segments of a parameterized route */
  params: Record<string, string>;
}

// ── results (#7): supervision, release, exports, audit, student portal ──
type ResultsRouteName = "supervision" | "supervisionExam" | "release" | "releaseExam" | "exports" | "audit" | "portal" | "portalCopy";

export const resultsPaths = {
  supervision: "/supervision",
  supervisionExam: (examId: string) => `/supervision/exams/${encodeURIComponent(examId)}`,
  release: "/release",
  releaseExam: (examId: string) => `/release/${encodeURIComponent(examId)}`,
  exports: "/exports",
  audit: "/audit",
  portal: "/portal",
  portalCopy: (copyId: string) => `/portal/copies/${encodeURIComponent(copyId)}`,
} as const;

/** Parameterized routes, tried in order after the exact paths. */
const patterns: Array<{ name: RouteName; pattern: RegExp; keys: string[] }> = [
  { name: "supervision", pattern: /^\/supervision$/, keys: [] },
  { name: "supervisionExam", pattern: /^\/supervision\/exams\/([^/]+)$/, keys: ["examId"] },
  { name: "release", pattern: /^\/release$/, keys: [] },
  { name: "releaseExam", pattern: /^\/release\/([^/]+)$/, keys: ["examId"] },
  { name: "exports", pattern: /^\/exports$/, keys: [] },
  { name: "audit", pattern: /^\/audit$/, keys: [] },
  { name: "portal", pattern: /^\/portal$/, keys: [] },
  { name: "portalCopy", pattern: /^\/portal\/copies\/([^/]+)$/, keys: ["copyId"] },
  { name: "desk", pattern: /^\/copies\/([0-9a-fA-F-]{36})$/, keys: ["copyId"] }, // grader desk (#5)
  { name: "copyLayers", pattern: /^\/copies\/([0-9a-fA-F-]{36})\/layers$/, keys: ["copyId"] }, // moderation (#16)
];
// ── end results (#7) ──

// ── intake (#4): exams, scale, roster, scans, stapler, identification, dispatch ──
type IntakeRouteName = "exams" | "exam" | "examScale" | "examRubric" | "roster" | "examUpload" | "examStapler" | "examIdentify" | "examDispatch";

const examPath = (examId: string, rest = "") => `/exams/${encodeURIComponent(examId)}${rest}`;
export const intakePaths = {
  exams: "/exams",
  roster: "/roster",
  exam: (examId: string) => examPath(examId),
  examScale: (examId: string) => examPath(examId, "/scale"),
  examRubric: (examId: string) => examPath(examId, "/rubric"),
  examUpload: (examId: string) => examPath(examId, "/upload"),
  examStapler: (examId: string) => examPath(examId, "/stapler"),
  examIdentify: (examId: string) => examPath(examId, "/identify"),
  examDispatch: (examId: string) => examPath(examId, "/dispatch"),
} as const;

patterns.push(
  { name: "exams", pattern: /^\/exams$/, keys: [] },
  { name: "roster", pattern: /^\/roster$/, keys: [] },
  { name: "exam", pattern: /^\/exams\/([^/]+)$/, keys: ["examId"] },
  { name: "examScale", pattern: /^\/exams\/([^/]+)\/scale$/, keys: ["examId"] },
  { name: "examRubric", pattern: /^\/exams\/([^/]+)\/rubric$/, keys: ["examId"] },
  { name: "examUpload", pattern: /^\/exams\/([^/]+)\/upload$/, keys: ["examId"] },
  { name: "examStapler", pattern: /^\/exams\/([^/]+)\/stapler$/, keys: ["examId"] },
  { name: "examIdentify", pattern: /^\/exams\/([^/]+)\/identify$/, keys: ["examId"] },
  { name: "examDispatch", pattern: /^\/exams\/([^/]+)\/dispatch$/, keys: ["examId"] },
);
// ── end intake (#4) ──

export const byQuestionPaths = {
  /** `?q=<questionId>` once a question is chosen */
  byQuestion: (examId: string, questionId?: string) => examPath(examId, "/by-question") + (questionId ? `?q=${encodeURIComponent(questionId)}` : ""),
  examRegions: (examId: string) => examPath(examId, "/regions"),
} as const;

patterns.push(
  { name: "byQuestion", pattern: /^\/exams\/([^/]+)\/by-question$/, keys: ["examId"] },
  { name: "examRegions", pattern: /^\/exams\/([^/]+)\/regions$/, keys: ["examId"] },
);

export const moderationPaths = {
  reconcile: (examId: string, copyId: string) => `/supervision/exams/${encodeURIComponent(examId)}/reconcile/${encodeURIComponent(copyId)}`,
} as const;

patterns.push({ name: "reconcile", pattern: /^\/supervision\/exams\/([^/]+)\/reconcile\/([^/]+)$/, keys: ["examId", "copyId"] });

export const paths = {
  home: "/",
  login: "/login",
  password: "/password",
  users: "/users",
  passwordForgot: "/password/forgot",
  passwordReset: "/password/reset",
  unsubscribe: "/unsubscribe",
  notices: "/notices",
} as const satisfies Record<Exclude<RouteName, "notFound" | ResultsRouteName | "desk" | IntakeRouteName | ByQuestionRouteName | ModerationRouteName>, string>;

/** The grader desk of one copy (#5). */
export const deskPath = (copyId: string) => `/copies/${encodeURIComponent(copyId)}`;
/** The blind second marking's desk of a copy (#16). */
export const secondLayerDeskPath = (copyId: string) => `${deskPath(copyId)}?layer=second`;
/** A copy's marking layers, side by side (#16). */
export const layersPath = (copyId: string) => `${deskPath(copyId)}/layers`;

const byPath = new Map<string, RouteName>(Object.entries(paths).map(([name, path]) => [path, name as RouteName]));
const listeners = new Set<(route: Route) => void>();

export function currentRoute(): Route {
  const path = location.pathname.replace(/\/+$/, "") || "/";
  const query = new URLSearchParams(location.search);
  const exact = byPath.get(path);
  if (exact) return { name: exact, path, query, params: {} };
  for (const { name, pattern, keys } of patterns) {
    const m = pattern.exec(path);
    if (!m) continue;
    try {
      const params = Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
      return { name, path, query, params };
    } catch {
      break; // a malformed %-escape: no such page
    }
  }
  return { name: "notFound", path, query, params: {} };
}

export function navigate(url: string, { replace = false } = {}): void {
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  notify();
}

export function onRouteChange(listener: (route: Route) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Only same-origin absolute paths: a `next` parameter must never send the user elsewhere. */
export function safeInternalPath(value: string | null): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return null;
  return value;
}

export function startRouter(): void {
  window.addEventListener("popstate", notify);
  // Plain <a href="/…"> links anywhere (shadow roots included) navigate without a reload.
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute("download")) return;
    if (anchor.getAttribute("href")?.startsWith("#")) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}

function notify(): void {
  const route = currentRoute();
  for (const listener of listeners) listener(route);
}
