// Score entry: French teachers type "1,5", others "1.5"; a score is a number of points with at
// most two decimals, within [0, max]. An empty field clears the score.
export type ScoreParse = { ok: true; value: number | null } | { ok: false; reason: "format" | "negative" | "tooHigh" };

export function parseScore(text: string, max: number): ScoreParse {
  const t = text.trim().replace(/\s+/g, "").replace(",", ".");
  if (t === "") return { ok: true, value: null };
  if (!/^-?\d+(\.\d{0,2})?$|^-?\.\d{1,2}$/.test(t)) return { ok: false, reason: "format" };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, reason: "format" };
  if (value < 0) return { ok: false, reason: "negative" };
  if (value > max + 1e-9) return { ok: false, reason: "tooHigh" };
  return { ok: true, value: Math.round(value * 100) / 100 };
}

const formats = new Map<string, Intl.NumberFormat>();
/** the app's languages: a score needs only their decimal mark (no grouping, at most two decimals) */
const DECIMAL_MARK: Record<string, string> = { fr: ",", en: "." };

/**
 * A score as its reader writes it: "1,5" in French, "1.5" in English, at most two decimals (halves
 * rounded away from zero, like Intl). The app's languages are formatted by hand: a renderer's first
 * Intl.NumberFormat loads ICU's locale data, ≈ 60 ms of a cold desk's main thread; other locales use Intl.
 */
export function formatScore(value: number | null | undefined, locale: string): string {
  if (value === null || value === undefined) return "";
  const mark = DECIMAL_MARK[locale];
  if (mark !== undefined && Number.isFinite(value) && Math.abs(value) < 1e15) {
    const hundredths = Math.round(Math.abs(value) * 100 * (1 + Number.EPSILON));
    if (hundredths === 0) return "0";
    const text = String(hundredths / 100);
    return (value < 0 ? "-" : "") + (mark === "." ? text : text.replace(".", mark));
  }
  // one formatter per locale: making one costs far more than formatting (the score panel formats every question at each render)
  let f = formats.get(locale);
  if (!f) formats.set(locale, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, useGrouping: false })));
  return f.format(value);
}

/** Sum of the scored questions, without floating-point dust (0.1 + 0.2). */
export function sumScores(scores: Record<string, number | null>, questionIds: readonly string[]): number {
  let total = 0;
  for (const id of questionIds) {
    const v = scores[id];
    if (typeof v === "number") total += v;
  }
  return Math.round(total * 1e6) / 1e6;
}
