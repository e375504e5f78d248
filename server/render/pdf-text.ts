// Text for the standard PDF fonts: they encode WinAnsi (cp1252), which covers French (é è à ç ù
// œ « » …) but not maths symbols or emoji. Everything else is replaced by a readable stand-in, so
// a grader's note never makes the render fail.
import type { PDFFont } from "pdf-lib";

const STAND_INS: Record<string, string> = {
  "≤": "<=",
  "≥": ">=",
  "≠": "!=",
  "≈": "~",
  "→": "->",
  "←": "<-",
  "⇒": "=>",
  "⇔": "<=>",
  "↔": "<->",
  "√": "V",
  "∞": "inf",
  π: "pi",
  "∑": "Somme",
  "∫": "integrale",
  "∈": " dans ",
  "∉": " hors de ",
  "∀": "pour tout ",
  "∃": "il existe ",
  "∩": " inter ",
  "∪": " union ",
  "−": "-",
  "✓": "v",
  "✔": "v",
  "✗": "x",
  "✘": "x",
  α: "alpha",
  β: "beta",
  γ: "gamma",
  δ: "delta",
  Δ: "Delta",
  θ: "theta",
  λ: "lambda",
  μ: "mu",
  σ: "sigma",
  ω: "omega",
  Ω: "Omega",
  "\u00a0": " ",
  "\u202f": " ",
  "\u2009": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\t": "    ",
};

const charsetCache = new WeakMap<PDFFont, Set<number>>();

function charset(font: PDFFont): Set<number> {
  let set = charsetCache.get(font);
  if (!set) charsetCache.set(font, (set = new Set(font.getCharacterSet())));
  return set;
}

/** One line of text the font can encode (newlines are the caller's business). */
export function sanitizeLine(font: PDFFont, text: string): string {
  const ok = charset(font);
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const cp = ch.codePointAt(0)!;
    if (ok.has(cp)) out += ch;
    else if (STAND_INS[ch] !== undefined) out += STAND_INS[ch];
    else {
      const stripped = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, ""); // ő → o
      out += stripped && [...stripped].every((c) => ok.has(c.codePointAt(0)!)) ? stripped : cp < 32 ? "" : "?";
    }
  }
  return out;
}

/** Wraps paragraphs into lines no wider than maxWidth at `size`; long words are cut. */
export function wrapText(font: PDFFont, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  const width = (s: string) => font.widthOfTextAtSize(s, size);
  for (const paragraph of text.replace(/\r\n?/g, "\n").split("\n")) {
    const words = sanitizeLine(font, paragraph)
      .split(/ +/)
      .filter((w) => w !== "");
    let line = "";
    for (let word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (width(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      while (width(word) > maxWidth && word.length > 1) {
        let cut = word.length - 1;
        while (cut > 1 && width(word.slice(0, cut)) > maxWidth) cut--;
        lines.push(word.slice(0, cut));
        word = word.slice(cut);
      }
      line = word;
    }
    lines.push(line);
  }
  return lines;
}

/** French number format for points: 2,5 — at most two decimals. */
export function formatPoints(value: number): string {
  return (Math.round(value * 100) / 100).toString().replace(".", ",");
}
