import type { ApiErrorBody } from "./types.ts";

/** An HTTP error with the stable `code` of the API body (or NETWORK / UNKNOWN). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = undefined,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface HttpHooks {
  /** The session is gone (401 other than a wrong password). */
  onUnauthenticated(): void;
  /** The server refuses everything until the password is changed. */
  onPasswordChangeRequired(): void;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

let csrfToken: string | null = null;
let hooks: HttpHooks = { onUnauthenticated() {}, onPasswordChangeRequired() {} };

export function configureHttp(next: HttpHooks): void {
  hooks = next;
}

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function hasCsrfToken(): boolean {
  return csrfToken !== null;
}

export const get = <T>(path: string) => request<T>("GET", path);
export const post = <T>(path: string, body?: unknown) => request<T>("POST", path, body);
export const del = <T>(path: string) => request<T>("DELETE", path);
export const put = <T>(path: string, body?: unknown) => request<T>("PUT", path, body);

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  try {
    return await send<T>(method, path, body);
  } catch (err) {
    // A stale CSRF token (session rotated, other tab signed in): refresh it once and retry.
    if (!(err instanceof ApiError) || err.code !== "CSRF_INVALID") throw err;
    await send("GET", "/api/me");
    return send<T>(method, path, body);
  }
}

async function send<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "NETWORK", "Network error");
  }

  const data = await readBody(response);
  if (isRecord(data) && typeof data.csrfToken === "string") csrfToken = data.csrfToken;
  if (response.ok) return data as T;

  const error = toApiError(response, data);
  routeOnError(error);
  throw error;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get("Content-Type") ?? "";
  if (!type.includes("json")) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, data: unknown): ApiError {
  const body: Partial<ApiErrorBody> = isRecord(data) ? data : {};
  const code = typeof body.code === "string" ? body.code : `HTTP_${response.status}`;
  const message = typeof body.message === "string" ? body.message : response.statusText;
  const retryAfter = parseRetryAfter(response) ?? retryAfterFromDetails(body.details);
  return new ApiError(response.status, code, message, body.details, retryAfter);
}

function retryAfterFromDetails(details: unknown): number | null {
  const seconds = isRecord(details) ? details.retryAfterSec : undefined;
  return typeof seconds === "number" && Number.isFinite(seconds) ? Math.max(0, seconds) : null;
}

function routeOnError(error: ApiError): void {
  // A wrong password is a form error, not a lost session.
  if (error.status === 401 && error.code !== "INVALID_CREDENTIALS") {
    csrfToken = null;
    hooks.onUnauthenticated();
  } else if (error.status === 403 && error.code === "PASSWORD_CHANGE_REQUIRED") {
    hooks.onPasswordChangeRequired();
  }
}

function parseRetryAfter(response: Response): number | null {
  const header = response.headers.get("Retry-After");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
