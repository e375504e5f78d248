// What a booklet's QR code says, pure. Text in QR "alphanumeric" mode (upper case, digits, ':'),
// which keeps the symbol small (version 2, 25×25 modules) and easy to read on a 150-dpi scan:
//   KO1:<token>:<page>:<check>    a page of a copy booklet (page 1-based, two digits or more)
//   KO1:<token>:X:<check>         an extra answer sheet
// token: 10 characters of Crockford-like base32 (50 random bits), unique across exams;
// check: 4 characters of HMAC-SHA256(exam secret, token:page), so a misread, a forged or an
// edited code (another page number, another booklet) is refused instead of misplaced.
import crypto from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // no I, L, O, U
export const CODE_PREFIX = "KO1";
export const TOKEN_LENGTH = 10;
const CHECK_LENGTH = 4;

export type BookletCode = { token: string; page: number } | { token: string; page: "X" };

export type ParsedCode = { ok: true; token: string; page: number | "X"; check: string } | { ok: false; reason: "NOT_KORRIGO" | "MALFORMED" };

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function newBookletToken(): string {
  return base32(crypto.randomBytes(8), TOKEN_LENGTH);
}

export function newBookletSecret(): string {
  return crypto.randomBytes(24).toString("base64url");
}

export function checkValue(secret: string, token: string, page: number | "X"): string {
  return base32(crypto.createHmac("sha256", secret).update(`${token}:${page}`).digest(), CHECK_LENGTH);
}

export function formatCode(secret: string, code: BookletCode): string {
  const page = code.page === "X" ? "X" : String(code.page).padStart(2, "0");
  return `${CODE_PREFIX}:${code.token}:${page}:${checkValue(secret, code.token, code.page)}`;
}

const SHAPE = new RegExp(`^${CODE_PREFIX}:([${ALPHABET}]{${TOKEN_LENGTH}}):(\\d{2,3}|X):([${ALPHABET}]{${CHECK_LENGTH}})$`);

/** Reads the text of a symbol: is it one of ours, and its parts (the check is verified later, with the exam's secret). */
export function parseCode(text: string): ParsedCode {
  if (!text.startsWith(`${CODE_PREFIX}:`)) return { ok: false, reason: "NOT_KORRIGO" };
  const m = SHAPE.exec(text);
  if (!m) return { ok: false, reason: "MALFORMED" };
  const page = m[2] === "X" ? "X" : Number(m[2]);
  if (page !== "X" && page < 1) return { ok: false, reason: "MALFORMED" };
  return { ok: true, token: m[1]!, page, check: m[3]! };
}

export function checkMatches(secret: string, parsed: { token: string; page: number | "X"; check: string }): boolean {
  const want = checkValue(secret, parsed.token, parsed.page);
  return crypto.timingSafeEqual(Buffer.from(want), Buffer.from(parsed.check));
}

/** The human-readable line printed beside the code (same information). */
export function humanCode(anonymousCode: string | null, token: string, page: number | "X", pageCount?: number): string {
  const where = page === "X" ? "feuille supplémentaire" : `p. ${page}${pageCount ? `/${pageCount}` : ""}`;
  return `${anonymousCode ?? token} · ${where} · ${token}`;
}
