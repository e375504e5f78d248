// The OpenAPI 3.1 document of the HTTP API, generated from the contract (JSON Schema 2020-12 from
// zod's own z.toJSONSchema). Served at GET /api/openapi.json; tests validate it and check that every
// route the server registers is in it.
import { z } from "zod";
import { contractAreas } from "./api/index.ts";
import { impliedErrors, type RouteSpec } from "./api/route.ts";
import { ERROR_STATUS, type ErrorCode } from "./errors.ts";

type Json = Record<string, unknown>;

const schemaOf = (s: z.ZodType, io: "input" | "output"): Json => {
  const { $schema: _, ...rest } = z.toJSONSchema(s, { target: "draft-2020-12", io, unrepresentable: "any" }) as Json;
  return rest;
};

/** `/api/copies/:id` → `/api/copies/{id}` */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z_]\w*)/g, "{$1}");

function parameters(spec: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const [where, s] of [
    ["path", spec.params],
    ["query", spec.query],
  ] as const) {
    if (!s) continue;
    const js = schemaOf(s, "input") as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema as { description?: string };
      out.push({ name, in: where, required: where === "path" || (js.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return out;
}

function requestBody(spec: RouteSpec): Json | undefined {
  if (spec.body) return { required: !spec.body.safeParse(undefined).success, content: { "application/json": { schema: schemaOf(spec.body, "input") } } };
  if (spec.upload) {
    const file = {
      type: "string",
      contentMediaType: spec.upload.accept,
      ...(spec.upload.maxBytes ? { description: `at most ${spec.upload.maxBytes} bytes` } : {}),
    };
    const fields = (spec.upload.fields ? schemaOf(spec.upload.fields, "input") : {}) as { properties?: Json; required?: string[] };
    const schema = {
      type: "object",
      properties: { ...fields.properties, [spec.upload.field]: file },
      required: [...(fields.required ?? []), spec.upload.field],
    };
    return { required: true, content: { "multipart/form-data": { schema } } };
  }
  if (spec.rawBody) {
    const description = spec.rawBody.maxBytes ? `the file itself, at most ${spec.rawBody.maxBytes} bytes` : "the file itself";
    return { required: true, description, content: { [spec.rawBody.accept]: { schema: { type: "string", contentMediaType: spec.rawBody.accept } } } };
  }
  return undefined;
}

function success(spec: RouteSpec): Json {
  const r = spec.response;
  const status = String(spec.status ?? ("redirect" in r ? 303 : "empty" in r ? 204 : 200));
  if (r instanceof z.ZodType) return { [status]: { description: "OK", content: { "application/json": { schema: schemaOf(r, "output") } } } };
  if ("file" in r) return { [status]: { description: `a file (${r.file})`, content: { [r.file]: { schema: { type: "string", contentMediaType: r.file } } } } };
  if ("redirect" in r) return { [status]: { description: "a redirect (Location header)" } };
  return { [status]: { description: "no content" } };
}

function errors(spec: RouteSpec): Json {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...spec.errors, ...impliedErrors(spec)])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Json = {};
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: codes.join(", "),
      content: {
        "application/json": {
          schema: { allOf: [{ $ref: "#/components/schemas/Error" }, { type: "object", properties: { code: { enum: codes } } }] },
        },
      },
    };
  }
  return out;
}

const accessText = (a: RouteSpec["access"]) => (a === "public" ? "anyone" : a === "signed-in" ? "any signed-in user" : a.join(", "));

function operation(area: string, name: string, spec: RouteSpec): Json {
  const params = parameters(spec);
  const body = requestBody(spec);
  return {
    operationId: `${area}.${name}`,
    tags: [area],
    summary: spec.summary,
    description: `Who: ${accessText(spec.access)}. The object-level rules (which copies, which exams) are the policy module's; an object the caller may not see answers like a missing one.`,
    "x-korrigo-access": spec.access,
    ...(spec.access === "public" ? { security: [] } : spec.method === "GET" ? {} : { security: [{ session: [], csrf: [] }] }),
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: { ...success(spec), ...errors(spec) },
  };
}

/** every route of the contract with its area and name */
export function contractRoutes(): { area: string; name: string; spec: RouteSpec }[] {
  const out: { area: string; name: string; spec: RouteSpec }[] = [];
  for (const [area, routes] of Object.entries(contractAreas)) {
    for (const [name, spec] of Object.entries(routes as Record<string, RouteSpec>)) out.push({ area, name, spec });
  }
  return out;
}

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const { area, name, spec } of contractRoutes()) {
    const p = openApiPath(spec.path);
    paths[p] = { ...paths[p], [spec.method.toLowerCase()]: operation(area, name, spec) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Korrigo API",
      version,
      description:
        "The HTTP API of Korrigo, generated from the contract the server and the browser client share (collab/contract/). Sign in with POST /api/auth/login (a session cookie), then send the csrfToken of its answer as X-CSRF-Token on every write. Errors are JSON {code, message, details?} with a stable code. The real-time protocol (Socket.IO) is in docs/protocol.md.",
    },
    servers: [{ url: "/" }],
    security: [{ session: [] }],
    tags: Object.keys(contractAreas).map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "korrigo.sid", description: "the session cookie set by POST /api/auth/login" },
        csrf: {
          type: "apiKey",
          in: "header",
          name: "X-CSRF-Token",
          description: "the csrfToken of the sign-in (or GET /api/me) answer; required on every write",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["code"],
          properties: { code: { type: "string" }, message: { type: "string" }, details: {} },
        },
      },
    },
  };
}
