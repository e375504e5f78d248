// Field-level parsing of roster cells: names, dates, e-mails, INE.

/** "DE LA FONTAINE Jean-Pierre" → last "DE LA FONTAINE", first "Jean-Pierre": the leading upper-case words are the last name. */
export function splitFullName(full: string): { lastName: string; firstName: string } | null {
  const words = full.trim().split(/\s+/).filter(Boolean);
  const isUpper = (w: string) => /\p{L}/u.test(w) && w === w.toLocaleUpperCase("fr") && w !== w.toLocaleLowerCase("fr");
  let k = 0;
  while (k < words.length && isUpper(words[k]!)) k++;
  if (k === 0 || k === words.length) return null;
  return { lastName: words.slice(0, k).join(" "), firstName: words.slice(k).join(" ") };
}

/** DD/MM/YYYY (also D/M/YYYY, DD-MM-YYYY, DD.MM.YYYY) or YYYY-MM-DD; null when not a real date. */
export function parseDate(s: string): Date | null {
  const fr = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  const [y, m, d] = fr ? [+fr[3]!, +fr[2]!, +fr[1]!] : iso ? [+iso[1]!, +iso[2]!, +iso[3]!] : [0, 0, 0];
  if (!y) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (y < 1900 || date.getTime() > Date.now()) return null;
  return date;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
export const isEmail = (s: string): boolean => s.length <= 254 && EMAIL.test(s);

/** INE: 11 characters (10 digits + a letter, or 9 digits + 2 letters); we accept 8–20 letters/digits. */
export const isIne = (s: string): boolean => /^[0-9A-Z]{8,20}$/.test(s);
