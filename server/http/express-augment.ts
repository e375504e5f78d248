// Request fields added by our middleware.
import type { PublicUser } from "../auth/public-user.ts";
import type { KorrigoSessionData } from "../auth/session-store.ts";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends PublicUser {}
    interface Request {
      id: string;
    }
  }
}

declare module "express-session" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface SessionData extends KorrigoSessionData {}
}
