// GET /api/openapi.json and GET /api/reference: the API described from the contract, built once.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Router } from "express";
import { referenceApi as api } from "../../collab/contract/api/reference.ts";
import { openApiDocument } from "../../collab/contract/openapi.ts";
import { APP_ROOT } from "../config/runtime-files.ts";
import { apiReferenceCsp, apiReferencePage } from "./api-reference-page.ts";
import { handleRaw } from "./contract-route.ts";

const version = (JSON.parse(readFileSync(path.join(APP_ROOT, "package.json"), "utf8")) as { version: string }).version;

export function referenceRoutes(): Router {
  const r = Router();
  let doc: string | null = null;
  let page: string | null = null;
  handleRaw(r, api.openApi, (_input, _req, res) => {
    doc ??= JSON.stringify(openApiDocument(version));
    res.type("application/json").setHeader("Cache-Control", "no-cache");
    res.send(doc);
  });
  handleRaw(r, api.referencePage, (_input, _req, res) => {
    page ??= apiReferencePage(version);
    res.type("text/html").setHeader("Cache-Control", "no-cache");
    res.setHeader("Content-Security-Policy", apiReferenceCsp);
    res.send(page);
  });
  return r;
}
