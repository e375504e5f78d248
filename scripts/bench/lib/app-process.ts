// A real Korrigo for a bench: server and worker processes started from the repository, a signed-in
// HTTP session (cookie + CSRF) and a streamed multipart upload, as a browser would send it.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { imageNodeFlags } from "../../lib/image-runtime.ts";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((ok) => srv.listen(0, "127.0.0.1", ok));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

/**
 * `nodeArgs`: extra Node options for this process (e.g. --cpu-prof, --cpu-prof-dir=DIR); `entry`: a
 * compiled server (scripts/lib/cluster.ts compileBuild) run under plain node with the image's Node
 * options, else the sources through tsx.
 */
export function startRole(role: "all" | "server" | "worker", env: Record<string, string>, nodeArgs: readonly string[] = [], entry?: string): ChildProcess {
  const child = spawn(process.execPath, [...nodeArgs, ...(entry ? [...imageNodeFlags(), entry] : ["--import", "tsx", "server/main.ts"])], {
    cwd: ROOT,
    env: { ...process.env, ...env, ROLE: role },
    stdio: ["ignore", "ignore", "pipe"],
  });
  // the end of what it said, for when it does not become ready (waitReady)
  let said = "";
  child.stderr!.on("data", (d: Buffer) => {
    said = (said + d.toString()).slice(-4000);
    if (process.env.BENCH_VERBOSE) process.stderr.write(d);
  });
  stderrTails.set(child, () => said);
  return child;
}

const stderrTails = new WeakMap<ChildProcess, () => string>();

export async function stopAll(procs: ChildProcess[]): Promise<void> {
  for (const p of procs) p.kill("SIGTERM");
  await Promise.all(procs.map((p) => new Promise((ok) => (p.exitCode !== null ? ok(null) : p.once("exit", ok)))));
}

/** `child`: the process behind `url` — its exit ends the wait at once, and its last words are in the error. */
export async function waitReady(url: string, ms = 60_000, child?: ChildProcess): Promise<void> {
  const end = Date.now() + ms;
  const why = () => (child ? ` (exit code ${child.exitCode ?? "none, still running"}; its last output:\n${stderrTails.get(child)?.() || "nothing"})` : "");
  while (Date.now() < end) {
    if (child && child.exitCode !== null) throw new Error(`the server stopped before it was ready${why()}`);
    try {
      if ((await fetch(`${url}/api/health/ready`)).status === 200) return;
    } catch {
      /* not yet */
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
  throw new Error(`the server did not become ready in ${ms / 1000} s${why()}`);
}

export class Session {
  cookie = "";
  csrf = "";
  constructor(readonly base: string) {}

  private headers(): Record<string, string> {
    return { origin: this.base, cookie: this.cookie, ...(this.csrf ? { "x-csrf-token": this.csrf } : {}) };
  }

  async json(method: string, url: string, body?: unknown) {
    const res = await fetch(this.base + url, {
      method,
      headers: { "content-type": "application/json", ...this.headers() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
    if (set.length) this.cookie = set.join("; ");
    const out = (await res.json()) as Record<string, any>;
    if (typeof out.csrfToken === "string") this.csrf = out.csrfToken;
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(out)}`);
    return out;
  }

  async bytes(url: string): Promise<Uint8Array> {
    const res = await fetch(this.base + url, { headers: this.headers() });
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  }
}

/** Streams the file from disk as multipart/form-data (never in memory), like a browser would. */
export function uploadFile(s: Session, url: string, file: string, fields: Record<string, string>): Promise<{ status: number; body: string }> {
  const boundary = `----korrigo${crypto.randomBytes(12).toString("hex")}`;
  const pre = Buffer.from(
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("") + `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${path.basename(file)}"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const post = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = pre.length + fs.statSync(file).size + post.length;
  return new Promise((resolve, reject) => {
    const req = http.request(
      s.base + url,
      {
        method: "POST",
        headers: {
          "content-type": `multipart/form-data; boundary=${boundary}`,
          "content-length": length,
          cookie: s.cookie,
          "x-csrf-token": s.csrf,
          origin: s.base,
        },
      },
      (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on("error", reject);
    req.write(pre);
    const rs = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
    rs.on("error", reject);
    rs.on("end", () => req.end(post));
    rs.pipe(req, { end: false });
  });
}
