import { describe, expect, it } from "vitest";
import { pluralOne } from "../../../client/src/i18n/i18n.ts";

describe("plural forms", () => {
  it("picks CLDR's 'one' for French and English by hand exactly as Intl.PluralRules does", () => {
    const counts: number[] = [];
    for (let k = 0; k <= 300; k++) counts.push(k, k / 2, k / 10);
    for (const locale of ["fr", "en"] as const)
      for (const n of counts) expect(`${locale} ${n} ${pluralOne(n, locale)}`).toBe(`${locale} ${n} ${new Intl.PluralRules(locale).select(n) === "one"}`);
  });
});
