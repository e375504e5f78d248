// A content hash of a copy doc: the same for any two docs that read the same, whatever
// their update history or encoding. Finalize stores it and keys the render job with it.
import { digest } from "lib0/hash/sha256";
import * as Y from "yjs";
import { readCopyDoc } from "./doc-read.ts";
import type { CopyDocContent } from "./schema.ts";

/** JSON with object keys sorted at every depth; undefined fields are left out, like JSON. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : canonicalJson(v))).join(",")}]`;
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
  }
  return `{${parts.join(",")}}`;
}

function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const b of bytes) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/**
 * SHA-256 (lowercase hex) of the canonical JSON of the content, annotations by id. Rubric
 * decisions count only when there are some, so a document without any keeps the hash it had
 * before decisions existed (stored docHash values stay valid).
 */
export function contentFingerprint(content: CopyDocContent): string {
  const annotations = [...content.annotations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const { items, adjust, checked, ...rest } = content;
  const decisions = {
    ...(Object.keys(items).length > 0 ? { items } : {}),
    ...(Object.keys(adjust).length > 0 ? { adjust } : {}),
    ...(checked.length > 0 ? { checked } : {}),
  };
  return toHex(digest(new TextEncoder().encode(canonicalJson({ ...rest, ...decisions, annotations }))));
}

export function docContentFingerprint(doc: Y.Doc): string {
  return contentFingerprint(readCopyDoc(doc));
}

/** Fingerprint of stored bytes (e.g. at finalize, on the server). */
export function stateFingerprint(state: Uint8Array): string {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    return docContentFingerprint(doc);
  } finally {
    doc.destroy();
  }
}
