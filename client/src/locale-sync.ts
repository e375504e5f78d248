// The account remembers its language (e-mails are written in it): a device with no choice of its
// own takes the account's at sign-in, and a choice made while signed in is saved to the account.
import { saveNoticePreferences } from "./api/notices.ts";
import { applyLocale, getLocale, hasSavedLocale, isLocale, onLocaleChange } from "./i18n/i18n.ts";
import { onSessionChange, session } from "./session.ts";

export function syncAccountLocale(): void {
  let userId: string | null = null;
  onSessionChange(() => {
    const user = session().user;
    if (!user || user.id === userId) return;
    userId = user.id;
    if (!hasSavedLocale() && isLocale(user.locale) && user.locale !== getLocale()) applyLocale(user.locale);
  });
  onLocaleChange(() => {
    const user = session().user;
    const locale = getLocale();
    if (!user || user.mustChangePassword || user.locale === locale || !hasSavedLocale()) return;
    user.locale = locale; // once per change, not on every re-render
    saveNoticePreferences({ locale }).catch(() => undefined); // the UI already switched; the e-mails follow next time
  });
}
