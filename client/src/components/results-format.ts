// Numbers, dates and durations of the results screens in the current language.
import { getLocale } from "../i18n/i18n.ts";

export const fmtScore = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 2 }).format(value);

export const fmtPercent = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : new Intl.NumberFormat(getLocale(), { style: "percent", maximumFractionDigits: 0 }).format(value);

export const fmtDate = (iso: string | null | undefined): string =>
  iso
    ? new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium", ...(iso.length > 10 ? { timeStyle: "short" } : { timeZone: "UTC" }) }).format(new Date(iso))
    : "—";

export const fmtTime = (iso: string | null | undefined): string =>
  iso ? new Intl.DateTimeFormat(getLocale(), { timeStyle: "short" }).format(new Date(iso)) : "—";

/** "12 min", "1 h 05" — how long ago, from `now`. */
export function fmtSince(iso: string, now = Date.now()): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

/** Signed points of a rubric item or adjustment: "+2", "−0,5". */
export const fmtSigned = (value: number): string => `${value > 0 ? "+" : value < 0 ? "−" : ""}${fmtScore(Math.abs(value))}`;
