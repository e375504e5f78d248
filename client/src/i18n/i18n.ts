import type { ReactiveController, ReactiveControllerHost } from "lit";
import { ApiError } from "../api/http.ts";
import { en } from "./en.ts";
import { fr, type MessageKey, type Messages } from "./fr.ts";

export type { MessageKey } from "./fr.ts";
export const LOCALES = ["fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const catalogs: Record<Locale, Messages> = { fr, en };
const STORAGE_KEY = "korrigo.locale";
const listeners = new Set<() => void>();
let current: Locale = "fr";

export const isLocale = (value: unknown): value is Locale => typeof value === "string" && (LOCALES as readonly string[]).includes(value);

export function getLocale(): Locale {
  return current;
}

/** Starts with the saved choice, French otherwise. */
export function initLocale(): void {
  applyLocale(readSaved() ?? "fr");
}

export function hasSavedLocale(): boolean {
  return readSaved() !== null;
}

/** An explicit user choice: saved, applied to <html lang>, and every component re-renders. */
export function setLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be disabled; the choice then lasts for this page only.
  }
  applyLocale(locale);
}

/** Applies a locale without saving it (e.g. the account's locale when nothing was chosen here). */
export function applyLocale(locale: Locale): void {
  current = locale;
  document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[current][key] ?? fr[key];
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export function tCount(key: MessageKey & `${string}.one`, count: number, params: Record<string, string | number> = {}): string {
  const base = key.slice(0, -".one".length);
  const form = pluralOne(count) ? "one" : "other";
  return t(`${base}.${form}` as MessageKey, { ...params, count });
}

/**
 * CLDR's "one" for the app's two languages, by hand (a renderer's first Intl.PluralRules loads ICU
 * data on a cold page): French 0 ≤ n < 2, English exactly 1.
 */
export function pluralOne(count: number, locale: Locale = current): boolean {
  return locale === "fr" ? count >= 0 && count < 2 : count === 1;
}

/** A message for anything a request can throw, in the current language. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t("error.UNKNOWN");
  if (error.code === "TOO_MANY_ATTEMPTS" && error.retryAfterSeconds !== null) {
    const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
    return tCount("error.TOO_MANY_ATTEMPTS.one", minutes);
  }
  const key = `error.${error.code}`;
  return key in fr ? t(key as MessageKey) : t("error.UNKNOWN");
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders a lit host whenever the language changes. */
export class LocaleController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onLocaleChange(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

function readSaved(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}
