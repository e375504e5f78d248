// CSV cells and lines: RFC 4180 quoting (separator, quote, CR or LF inside → quoted, quotes
// doubled, CRLF line ends) and protection against formula injection: a text cell starting with
// = + - @ (or a tab / carriage return, which some spreadsheets skip before such a sign) gets a
// leading apostrophe, so a student named "=HYPERLINK(…)" stays text when the office opens the file.
// Numbers are never prefixed: they are ours, not typed by anyone.
export interface CsvDialect {
  readonly separator: "," | ";";
  /** "12,5" instead of "12.5" (French spreadsheets, Pronote) */
  readonly decimalComma: boolean;
  /** UTF-8 byte order mark first, so Excel opens the file as UTF-8 */
  readonly bom: boolean;
}

export const STANDARD_CSV: CsvDialect = Object.freeze({ separator: ",", decimalComma: false, bom: false });
export const FRENCH_CSV: CsvDialect = Object.freeze({ separator: ";", decimalComma: true, bom: true });

export type CsvValue = string | number | null | undefined;

export const BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function formatNumber(value: number, dialect: CsvDialect): string {
  if (!Number.isFinite(value)) return "";
  const text = String(Math.round(value * 1e6) / 1e6); // 0.1 + 0.2 shows as 0.3
  return dialect.decimalComma ? text.replace(".", ",") : text;
}

export function csvCell(value: CsvValue, dialect: CsvDialect): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatNumber(value, dialect);
  const text = neutralizeFormula(value);
  const mustQuote = text.includes(dialect.separator) || /["\r\n]/.test(text);
  return mustQuote ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly CsvValue[], dialect: CsvDialect): string {
  return `${cells.map((c) => csvCell(c, dialect)).join(dialect.separator)}\r\n`;
}
