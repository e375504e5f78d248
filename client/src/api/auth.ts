import { authApi as api, type SignInOptions } from "../../../collab/contract/api/auth.ts";
import { call, urlOf } from "./call.ts";

export type { SignInOptions };

export const fetchMe = () => call(api.me);

export const signIn = (username: string, password: string) => call(api.login, { body: { username, password } });

export const signOut = () => call(api.logout);

export const changePassword = (currentPassword: string, newPassword: string) => call(api.changePassword, { body: { currentPassword, newPassword } });

let options: Promise<SignInOptions> | null = null;
/** Asked once per page load; a failure is asked again next time. */
export const signInOptions = (): Promise<SignInOptions> =>
  (options ??= call(api.signInOptions).catch((error: unknown) => {
    options = null;
    throw error;
  }));

/** A full navigation: the browser goes to the school's provider and comes back signed in. */
export const ssoStartUrl = (next: string | null) => urlOf(api.oidcStart, {}, { next });

export const requestPasswordReset = (email: string) => call(api.requestPasswordReset, { body: { email } });

export const checkPasswordReset = (token: string) => call(api.checkPasswordReset, { body: { token } });

export const completePasswordReset = (token: string, newPassword: string) => call(api.completePasswordReset, { body: { token, newPassword } });
