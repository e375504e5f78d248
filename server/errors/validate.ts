// zod at the edge: parse or throw VALIDATION_FAILED with every issue by path.
import type { z } from "zod";
import { AppError } from "./app-error.ts";

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
  throw new AppError("VALIDATION_FAILED", `Invalid input: ${summary}`, { issues });
}
