// A readable HTML page of the OpenAPI document, for admins who script against Korrigo: every route by
// area with who may call it, its parameters, body, answer and error codes. No script, no external asset.
import { contractRoutes, openApiPath } from "../../collab/contract/openapi.ts";
import { impliedErrors, type RouteSpec } from "../../collab/contract/api/route.ts";
import { ERROR_STATUS, type ErrorCode } from "../../collab/contract/errors.ts";
import { createHash } from "node:crypto";
import { z } from "zod";

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const json = (s: z.ZodType, io: "input" | "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Record<string, unknown>;
  return `<pre>${esc(JSON.stringify(rest, null, 2))}</pre>`;
};
const access = (a: RouteSpec["access"]) => (a === "public" ? "anyone" : a === "signed-in" ? "any signed-in user" : a.join(", "));

function answer(spec: RouteSpec): string {
  const r = spec.response;
  if (r instanceof z.ZodType) return `<details><summary>Answer ${spec.status ?? 200} (JSON)</summary>${json(r, "output")}</details>`;
  if ("file" in r) return `<p>Answer: a file (<code>${esc(r.file)}</code>)</p>`;
  if ("redirect" in r) return "<p>Answer: a redirect</p>";
  return "<p>Answer: 204, no content</p>";
}

function section(spec: RouteSpec, id: string): string {
  const parts = [
    `<h3 id="${esc(id)}"><code>${spec.method} ${esc(openApiPath(spec.path))}</code></h3>`,
    `<p>${esc(spec.summary)}</p>`,
    `<p><strong>Who:</strong> ${esc(access(spec.access))}</p>`,
  ];
  if (spec.params) parts.push(`<details><summary>Path parameters</summary>${json(spec.params, "input")}</details>`);
  if (spec.query) parts.push(`<details><summary>Query</summary>${json(spec.query, "input")}</details>`);
  if (spec.body) parts.push(`<details><summary>Body (JSON)</summary>${json(spec.body, "input")}</details>`);
  if (spec.upload) parts.push(`<p>Body: multipart, file field <code>${esc(spec.upload.field)}</code> (${esc(spec.upload.accept)})</p>`);
  if (spec.upload?.fields) parts.push(`<details><summary>Other form fields</summary>${json(spec.upload.fields, "input")}</details>`);
  if (spec.rawBody) parts.push(`<p>Body: the file itself (<code>${esc(spec.rawBody.accept)}</code>)</p>`);
  parts.push(answer(spec));
  const own = [...new Set(spec.errors)];
  const implied = impliedErrors(spec).filter((c) => !own.includes(c));
  const list = (codes: readonly ErrorCode[]) => codes.map((c) => `<code>${c}</code> <small>${ERROR_STATUS[c]}</small>`).join(", ");
  parts.push(`<p><strong>Errors:</strong> ${own.length ? list(own) : "none of its own"}<br><small>as every such route: ${list(implied)}</small></p>`);
  return `<section>${parts.join("\n")}</section>`;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;color:#1b1b1b}
h2{border-bottom:2px solid #3558a6;margin-top:2.5rem}h3{margin-bottom:.2rem}section{border-bottom:1px solid #ddd;padding-bottom:.5rem}
pre{background:#f4f5f7;padding:.5rem;overflow:auto;font-size:13px}code{font-size:14px}nav a{margin-right:.8rem}small{color:#555}`;

/** the page's Content-Security-Policy: nothing but its own inline style (by hash) */
export const apiReferenceCsp = `default-src 'none'; style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function apiReferencePage(version: string): string {
  const routes = contractRoutes();
  const areas = [...new Set(routes.map((r) => r.area))];
  const body = areas
    .map(
      (area) =>
        `<h2 id="${esc(area)}">${esc(area)}</h2>\n${routes
          .filter((r) => r.area === area)
          .map((r) => section(r.spec, `${r.area}.${r.name}`))
          .join("\n")}`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Korrigo API ${esc(version)}</title>
<style>${STYLE}</style></head>
<body><h1>Korrigo API <small>${esc(version)}</small></h1>
<p>Sign in with <code>POST /api/auth/login</code> (a session cookie), then send the <code>csrfToken</code> of its answer as the
<code>X-CSRF-Token</code> header on every write. Errors are JSON <code>{code, message, details?}</code> with a stable code.
The same reference as an OpenAPI 3.1 document: <a href="/api/openapi.json">/api/openapi.json</a>. ${routes.length} routes.</p>
<nav>${areas.map((a) => `<a href="#${esc(a)}">${esc(a)}</a>`).join(" ")}</nav>
${body}
</body></html>`;
}
