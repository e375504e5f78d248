// Anonymous codes like "0F8E-001": a per-exam 4-hex prefix (unique column) + the copy's sequence
// number in that exam (unique per exam), so two copies can never share a code.
import crypto from "node:crypto";

export const newCodePrefix = (): string => crypto.randomBytes(2).toString("hex").toUpperCase();

export const formatAnonymousCode = (prefix: string, seq: number): string => `${prefix}-${String(seq).padStart(3, "0")}`;
