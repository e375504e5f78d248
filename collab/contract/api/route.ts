// What one HTTP route is, for both sides: method and path, who may call it, the zod schemas of its
// parameters, query, body and answer, and the error codes it answers with. The server registers its
// handlers from these (server/http/contract-route.ts), the client calls them (client/src/api/call.ts),
// /api/openapi.json is generated from them. docs/api.md says how to add one.
import type { z } from "zod";
import type { ErrorCode } from "../errors.ts";
import type { Role } from "../common.ts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** who may call the route: anyone, any signed-in user, or these roles (the policy module decides per object) */
export type Access = "public" | "signed-in" | readonly Role[];

/** a non-JSON answer: a file (PDF, CSV, image), a redirect, or nothing (204) */
export type RawAnswer = { readonly file: string } | { readonly redirect: true } | { readonly empty: true };

export interface RouteSpec {
  readonly method: Method;
  /** the full path, express style: /api/copies/:id/desk */
  readonly path: `/${string}`;
  /** one line for the reference */
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodType<Record<string, string>, Record<string, string>>;
  readonly query?: z.ZodType;
  /** a JSON body */
  readonly body?: z.ZodType;
  /** a multipart upload instead of a JSON body: the file field, what it takes, and the other form fields */
  readonly upload?: { readonly field: string; readonly accept: string; readonly maxBytes?: number; readonly fields?: z.ZodType };
  /** the file itself as the body (e.g. a CSV with Content-Type: text/csv), neither JSON nor multipart */
  readonly rawBody?: { readonly accept: string; readonly maxBytes?: number };
  /** success status; 200 unless said */
  readonly status?: 200 | 201 | 202 | 204;
  readonly response: z.ZodType | RawAnswer;
  /** the codes this route itself answers with (the implied ones are added by `impliedErrors`) */
  readonly errors: readonly ErrorCode[];
}

export interface JsonRouteSpec extends RouteSpec {
  readonly response: z.ZodType;
}

/** A route of the contract; `const` keeps the literal path and schemas for the types. */
export const route = <const S extends RouteSpec>(spec: S): S => spec;

/** The codes every route may answer with besides its own, from what it takes and who may call it. */
export function impliedErrors(spec: RouteSpec): ErrorCode[] {
  const out: ErrorCode[] = ["INTERNAL", "UNAVAILABLE"];
  if (spec.access !== "public") out.push("UNAUTHENTICATED", "SESSION_EXPIRED", "PASSWORD_CHANGE_REQUIRED");
  if (spec.params || spec.query || spec.body || spec.upload || spec.rawBody) out.push("VALIDATION_FAILED");
  if (spec.body) out.push("MALFORMED_JSON", "PAYLOAD_TOO_LARGE", "REQUEST_TIMEOUT");
  if (spec.upload || spec.rawBody) out.push("PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "REQUEST_TIMEOUT");
  if (spec.method !== "GET") out.push("CSRF_INVALID", "ORIGIN_REJECTED");
  return out;
}

/** The names of a path's parameters: "/api/copies/:id/pages/:n" → "id" | "n". */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** What a JSON value looks like once it has crossed the wire (JSON.stringify then JSON.parse). */
export type Jsonify<T> = T extends { toJSON(): infer J }
  ? J extends string
    ? string
    : Jsonify<J>
  : T extends string | number | boolean | null
    ? T
    : T extends undefined | symbol | ((...args: never[]) => unknown)
      ? never
      : T extends readonly (infer U)[]
        ? Jsonify<U>[]
        : T extends object
          ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Jsonify<T[K]> }
          : never;

/** The answer's type as the client reads it. */
export type ResponseOf<S extends RouteSpec> = S["response"] extends z.ZodType ? z.output<S["response"]> : never;
