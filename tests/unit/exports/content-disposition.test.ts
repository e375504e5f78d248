// The one Content-Disposition of every download (marks, booklets, portal and rendered PDFs).
import { describe, expect, it } from "vitest";
import { contentDisposition } from "../../../server/exports/content-disposition.ts";

describe("contentDisposition", () => {
  it("keeps the exact UTF-8 name and gives an ASCII fallback without the accents", () => {
    expect(contentDisposition("attachment", "Léa Pétit — copie.pdf")).toBe(
      `attachment; filename="Lea Petit _ copie.pdf"; filename*=UTF-8''L%C3%A9a%20P%C3%A9tit%20%E2%80%94%20copie.pdf`,
    );
  });

  it("never lets a quote, a slash or a line break out of the header's value", () => {
    const h = contentDisposition("inline", 'a"b/c\\d\r\nSet-Cookie: x=1.pdf');
    expect(h.startsWith("inline; ")).toBe(true);
    expect(h).not.toMatch(/[\r\n]/);
    const fallback = /filename="([^"]*)"/.exec(h)![1];
    expect(fallback).not.toMatch(/["\\/]/);
    const exact = decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(h)![1]!);
    expect(exact).not.toMatch(/["\\/\r\n]/);
  });
});
