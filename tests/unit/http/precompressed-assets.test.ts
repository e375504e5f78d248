// The client's assets go out Brotli- or gzip-compressed to browsers that take them (a school's
// network, an iPad on Wi-Fi), plain to the others, with the same type and cache headers; a name
// that is not in the folder is never looked up as a path.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { precompressDir } from "../../../scripts/build/precompress.ts";
import { staticClient } from "../../../server/http/static-client.ts";

let root: string;
let server: http.Server;
let port: number;
const SCRIPT = `export const greeting = ${JSON.stringify("Bonjour ".repeat(2000))};\n`;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "korrigo-assets-"));
  fs.mkdirSync(path.join(root, "assets"));
  fs.writeFileSync(path.join(root, "index.html"), "<!doctype html><title>k</title>");
  fs.writeFileSync(path.join(root, "assets", "app-abc123.js"), SCRIPT);
  fs.writeFileSync(path.join(root, "assets", "tiny-abc123.js"), "export {};\n");
  fs.writeFileSync(path.join(root, "assets", "logo-abc123.png"), Buffer.alloc(4096, 7));
  const sizes = await precompressDir(path.join(root, "assets"));
  expect(sizes.files).toBe(1); // the tiny script and the image are left alone
  const app = express();
  app.use(staticClient(root));
  server = app.listen(0);
  await new Promise((r) => server.once("listening", r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  fs.rmSync(root, { recursive: true, force: true });
});

function get(p: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .request({ port, path: p, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject)
      .end();
  });
}

describe("precompressed assets", () => {
  it("writes twins that are smaller than the file", () => {
    const plain = fs.statSync(path.join(root, "assets", "app-abc123.js")).size;
    expect(fs.statSync(path.join(root, "assets", "app-abc123.js.br")).size).toBeLessThan(plain / 10);
    expect(fs.statSync(path.join(root, "assets", "app-abc123.js.gz")).size).toBeLessThan(plain / 10);
    expect(fs.existsSync(path.join(root, "assets", "tiny-abc123.js.br"))).toBe(false);
    expect(fs.existsSync(path.join(root, "assets", "logo-abc123.png.br"))).toBe(false);
  });

  it("sends Brotli to a browser that takes it, with the plain file's type and cache headers", async () => {
    const plain = await get("/assets/app-abc123.js");
    const r = await get("/assets/app-abc123.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-type"]).toBe(plain.headers["content-type"]);
    expect(r.headers["content-type"]).toMatch(/javascript/);
    expect(r.headers["cache-control"]).toBe(plain.headers["cache-control"]);
    expect(r.headers["cache-control"]).toMatch(/immutable/);
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(r.headers["content-length"])).toBe(r.body.length);
    expect(zlib.brotliDecompressSync(r.body).toString()).toBe(SCRIPT);
  });

  it("sends gzip when Brotli is not taken, and the plain file when nothing is", async () => {
    const gz = await get("/assets/app-abc123.js", { "accept-encoding": "gzip" });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const refused = await get("/assets/app-abc123.js", { "accept-encoding": "br;q=0, gzip" });
    expect(refused.headers["content-encoding"]).toBe("gzip");
    expect((await get("/assets/app-abc123.js", { "accept-encoding": "br;q=0.5, gzip" })).headers["content-encoding"]).toBe("gzip");
    expect((await get("/assets/app-abc123.js", { "accept-encoding": "*" })).headers["content-encoding"]).toBe("br");
    for (const headers of [{}, { "accept-encoding": "identity" }, { "accept-encoding": "br;q=0, gzip;q=0" }] as Record<string, string>[]) {
      const r = await get("/assets/app-abc123.js", headers);
      expect(r.status).toBe(200);
      expect(r.headers["content-encoding"]).toBeUndefined();
      expect(r.body.toString()).toBe(SCRIPT);
      expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    }
  });

  it("answers HEAD with the encoded length and no body", async () => {
    const r = await get("/assets/app-abc123.js", { "accept-encoding": "br" }, "HEAD");
    expect(r.status).toBe(200);
    expect(r.headers["content-encoding"]).toBe("br");
    expect(Number(r.headers["content-length"])).toBe(fs.statSync(path.join(root, "assets", "app-abc123.js.br")).size);
    expect(r.body.length).toBe(0);
  });

  it("leaves files without a twin, and names not in the folder, to the plain static handler", async () => {
    const tiny = await get("/assets/tiny-abc123.js", { "accept-encoding": "br" });
    expect(tiny.status).toBe(200);
    expect(tiny.headers["content-encoding"]).toBeUndefined();
    for (const p of ["/assets/no-such.js", "/assets/..%2fapp-abc123.js", "/assets/%2e%2e/assets/app-abc123.js", "/assets/app-abc123.js%00"]) {
      const r = await get(p, { "accept-encoding": "br" });
      expect(r.status, p).toBeGreaterThanOrEqual(400);
      expect(r.status, p).toBeLessThan(500);
      expect(r.headers["content-encoding"], p).toBeUndefined();
    }
  });

  it("does not serve a twin asked for by its own name as something else", async () => {
    const r = await get("/assets/app-abc123.js.br", { "accept-encoding": "br" });
    // the twin itself is a file of the folder: sent as bytes, never labelled as a script
    expect(r.headers["content-encoding"]).toBeUndefined();
    expect(r.headers["content-type"] ?? "").not.toMatch(/javascript/);
  });
});
