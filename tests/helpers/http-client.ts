// A tiny browser-like HTTP client for tests: cookie jar, CSRF header, Origin header.
export const TEST_ORIGIN = "http://localhost:3000";

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class TestClient {
  private cookies = new Map<string, string>();
  csrfToken: string | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly origin: string | null = TEST_ORIGIN,
  ) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request<T = any>(
    method: string,
    url: string,
    opts: { json?: unknown; body?: string | Uint8Array; headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<JsonResponse<T>> {
    const headers: Record<string, string> = { ...(this.origin ? { origin: this.origin } : {}), ...opts.headers };
    if (this.cookies.size) headers.cookie = this.cookieHeader;
    if (opts.json !== undefined) headers["content-type"] = "application/json";
    if (method !== "GET" && opts.csrf !== false && this.csrfToken) headers["x-csrf-token"] = this.csrfToken;
    const res = await fetch(this.baseUrl + url, {
      method,
      headers,
      body: opts.json !== undefined ? JSON.stringify(opts.json) : (opts.body as BodyInit | undefined),
      redirect: "manual",
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    if (body && typeof body === "object" && typeof body.csrfToken === "string") this.csrfToken = body.csrfToken;
    return { status: res.status, headers: res.headers, body };
  }

  get<T = any>(url: string) {
    return this.request<T>("GET", url);
  }
  post<T = any>(url: string, json?: unknown, opts: { csrf?: boolean; headers?: Record<string, string> } = {}) {
    return this.request<T>("POST", url, { json: json ?? {}, ...opts });
  }
  login(username: string, password: string) {
    return this.post("/api/auth/login", { username, password });
  }
}
