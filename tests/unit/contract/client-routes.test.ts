// The client build's contract (scripts/build/contract-routes.ts): route tables as plain data, no zod
// schema evaluated in the browser.
import { describe, expect, it } from "vitest";
import { authApi } from "../../../collab/contract/api/auth.ts";
import { intakeApi } from "../../../collab/contract/api/intake.ts";
import * as regrade from "../../../collab/contract/api/regrade.ts";
import { isRouteTable, plainOf, routesModule } from "../../../scripts/build/contract-routes.ts";

/** Evaluates a generated module's source (plain `export const` lines) into its exports. */
function evaluate(source: string): Record<string, unknown> {
  const names = [...source.matchAll(/^export const (\w+) = /gm)].map((m) => m[1]!);
  return new Function(`${source.replaceAll("export const ", "const ")}\nreturn { ${names.join(", ")} };`)() as Record<string, unknown>;
}

describe("the client's contract routes", () => {
  it("keeps every route's method, path and upload field, and no schema", () => {
    const out = evaluate(routesModule({ intakeApi }));
    const table = out.intakeApi as Record<string, { method: string; path: string; upload?: { field: string }; summary?: string }>;
    expect(Object.keys(table).sort()).toEqual(Object.keys(intakeApi).sort());
    for (const [name, spec] of Object.entries(intakeApi)) {
      expect(table[name]!.method).toBe(spec.method);
      expect(table[name]!.path).toBe(spec.path);
      expect(table[name]!.summary).toBeUndefined();
    }
    expect(table.uploadBatches!.upload!.field).toBe(intakeApi.uploadBatches.upload.field);
    expect(JSON.stringify(out)).not.toContain("_zod");
  });

  it("keeps an area's constants and leaves its schemas out", () => {
    const out = evaluate(routesModule(regrade as unknown as Record<string, unknown>));
    expect(out.REGRADE_MESSAGE_MAX).toBe(regrade.REGRADE_MESSAGE_MAX);
    expect(out.regradeApi).toBeDefined();
    const schemas = Object.entries(regrade).filter(([, v]) => typeof v === "object" && v !== null && "_zod" in v);
    expect(schemas.length).toBeGreaterThan(0);
    for (const [name] of schemas) expect(out[name]).toBeUndefined();
  });

  it("tells a route table from a schema or a constant", () => {
    expect(isRouteTable(authApi)).toBe(true);
    expect(isRouteTable(regrade.REGRADE_MESSAGE_MAX)).toBe(false);
    expect(isRouteTable({})).toBe(false);
    const first = Object.values(authApi)[0]!;
    expect(plainOf({ a: 1, b: [true, "x"], s: first.response })).toEqual({ a: 1, b: [true, "x"] });
  });
});
