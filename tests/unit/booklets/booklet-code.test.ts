import { describe, expect, it } from "vitest";
import { checkMatches, formatCode, newBookletToken, parseCode } from "../../../server/booklets/booklet-code.ts";
import { missingPages, placePages, type KnownBooklet, type PlacementContext } from "../../../server/booklets/place-pages.ts";

const SECRET = "s3cret";

describe("booklet codes", () => {
  it("round-trips a page code and an extra sheet code, in QR alphanumeric characters", () => {
    const token = newBookletToken();
    expect(token).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    const page = formatCode(SECRET, { token, page: 3 });
    expect(page).toMatch(/^[0-9A-Z:]+$/);
    const parsed = parseCode(page);
    expect(parsed).toMatchObject({ ok: true, token, page: 3 });
    if (parsed.ok) expect(checkMatches(SECRET, parsed)).toBe(true);
    const extra = parseCode(formatCode(SECRET, { token, page: "X" }));
    expect(extra).toMatchObject({ ok: true, page: "X" });
  });

  it("refuses another page number, another secret, a malformed or foreign text", () => {
    const token = newBookletToken();
    const good = formatCode(SECRET, { token, page: 2 });
    const edited = parseCode(good.replace(":02:", ":03:"));
    expect(edited.ok && checkMatches(SECRET, edited)).toBe(false);
    const parsed = parseCode(good);
    expect(parsed.ok && checkMatches("other", parsed)).toBe(false);
    expect(parseCode("https://example.org")).toEqual({ ok: false, reason: "NOT_KORRIGO" });
    expect(parseCode("KO1:short:02:ABCD")).toEqual({ ok: false, reason: "MALFORMED" });
    expect(parseCode(`KO1:${token}:00:ABCD`)).toEqual({ ok: false, reason: "MALFORMED" });
    expect(parseCode(`${good}:extra`)).toEqual({ ok: false, reason: "MALFORMED" });
  });
});

describe("placing scanned pages", () => {
  const booklet = (over: Partial<KnownBooklet> = {}): KnownBooklet => ({
    id: "b1",
    examId: "e1",
    kind: "COPY",
    pageCount: 4,
    anonymousCode: "AB12-001",
    copyId: null,
    copyState: null,
    ...over,
  });
  const ctx = (booklets: Record<string, KnownBooklet>, present: string[] = []): PlacementContext => ({
    examId: "e1",
    secrets: new Map([
      ["e1", SECRET],
      ["e2", "x"],
    ]),
    booklets: new Map(Object.entries(booklets)),
    present: new Set(present),
  });
  const scan = (texts: string[], orientation = 0, ink = 0.05) => ({ codes: texts.map((text) => ({ text, orientation: orientation as 0 })), ink });

  it("puts a page in its booklet upright, and its twin in the stapler as a duplicate", () => {
    const token = newBookletToken();
    const c = ctx({ [token]: booklet() });
    const code = formatCode(SECRET, { token, page: 2 });
    const out = placePages(
      [
        { side: 0, scan: scan([code], 90) },
        { side: 1, scan: scan([code]) },
      ],
      c,
    );
    expect(out[0]).toEqual({ side: 0, kind: "page", bookletId: "b1", page: 2, rotation: 270 });
    expect(out[1]).toMatchObject({ kind: "loose", reason: "DUPLICATE", detail: "AB12-001 p. 2" });
  });

  it("says why a page is set aside", () => {
    const t = newBookletToken();
    const other = newBookletToken();
    const extra = newBookletToken();
    const closed = newBookletToken();
    const c = ctx({
      [t]: booklet(),
      [other]: booklet({ id: "b2", examId: "e2" }),
      [extra]: booklet({ id: "b3", kind: "EXTRA", pageCount: 1 }),
      [closed]: booklet({ id: "b4", copyId: "c4", copyState: "READY" }),
    });
    const reasons = placePages(
      [
        scan([], 0, 0.0001),
        scan([], 0, 0.03),
        scan([formatCode(SECRET, { token: t, page: 1 }), formatCode(SECRET, { token: t, page: 2 })]),
        scan([formatCode(SECRET, { token: newBookletToken(), page: 1 })]),
        scan([formatCode("x", { token: other, page: 1 })]),
        scan([formatCode("wrong", { token: t, page: 1 })]),
        scan([formatCode(SECRET, { token: t, page: 9 })]),
        scan([formatCode(SECRET, { token: extra, page: "X" })]),
        scan([formatCode(SECRET, { token: closed, page: 1 })]),
        { codes: [], ink: 1, error: "boom" },
        scan(["https://example.org", formatCode(SECRET, { token: t, page: 3 })]),
      ].map((s, side) => ({ side, scan: s })),
      c,
    ).map((p) => (p.kind === "loose" ? p.reason : `page ${p.page}`));
    expect(reasons).toEqual([
      "BLANK",
      "UNREADABLE",
      "SEVERAL_CODES",
      "UNKNOWN_CODE",
      "OTHER_EXAM",
      "BAD_CHECK",
      "BAD_CHECK",
      "EXTRA_SHEET",
      "COPY_CLOSED",
      "READ_FAILED",
      "page 3",
    ]);
  });

  it("lists a copy's missing printed pages", () => {
    expect(missingPages(4, [1, 3])).toEqual([2, 4]);
    expect(missingPages(2, [2, 1, 1])).toEqual([]);
  });
});
