// The API's own reference: the OpenAPI document and a readable page of it.
import { route } from "./route.ts";

export const referenceApi = {
  openApi: route({
    method: "GET",
    path: "/api/openapi.json",
    summary: "This API as an OpenAPI 3.1 document (generated from the contract the server and the client share)",
    access: "public",
    response: { file: "application/json" },
    errors: [],
  }),
  referencePage: route({
    method: "GET",
    path: "/api/reference",
    summary: "A readable page of the same reference, for admins who script against Korrigo",
    access: "public",
    response: { file: "text/html" },
    errors: [],
  }),
};
