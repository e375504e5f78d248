// Prisma CLI configuration. The native schema engine cannot be downloaded here, so the CLI
// drives scripts/prisma/schema-engine-wasm.mjs (the same engine compiled to WASM) unless the
// user points PRISMA_SCHEMA_ENGINE_BINARY at a native one.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "prisma/config";

const here = path.dirname(fileURLToPath(import.meta.url));
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(here, "scripts", "prisma", "schema-engine-wasm.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/korrigo_dev" },
});
