import { configureHttp } from "./api/http.ts";
import { initLocale } from "./i18n/i18n.ts";
import { syncAccountLocale } from "./locale-sync.ts";
import { startRouter } from "./router.ts";
import { passwordChangeRequired, session, signedOut } from "./session.ts";
import "./components/ko-app.ts";

initLocale();
configureHttp({
  // Losing a live session is worth telling; a first visit without one is not.
  onUnauthenticated: () => signedOut(session().user ? "expired" : null),
  onPasswordChangeRequired: passwordChangeRequired,
});
syncAccountLocale();
startRouter();
