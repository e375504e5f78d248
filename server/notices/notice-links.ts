// The links a notice carries, all under PUBLIC_URL. Unsubscribe and password-reset links carry an
// HMAC (security/signed-token.ts), so they are rebuilt at send time and nothing secret is stored.
import type { NoticeKind } from "../db/client.ts";
import type { TokenSigner } from "../security/signed-token.ts";

export const unsubscribeValue = (userId: string, kind: NoticeKind) => `${userId}:${kind}`;
export const passwordResetToken = (tokens: TokenSigner, resetId: string) => `${resetId}.${tokens.sign("password-reset", resetId)}`;

export class NoticeLinks {
  constructor(
    private readonly publicUrl: string,
    private readonly tokens: TokenSigner,
  ) {}

  copy = (copyId: string) => `${this.publicUrl}/portal/copies/${encodeURIComponent(copyId)}`;
  notices = () => `${this.publicUrl}/notices`;
  supervision = () => `${this.publicUrl}/supervision`;
  supervisionExam = (examId: string) => `${this.publicUrl}/supervision/exams/${encodeURIComponent(examId)}`;
  signIn = () => `${this.publicUrl}/login`;
  /** the token travels in the fragment: it never reaches a server log or a Referer */
  passwordReset = (resetId: string) => `${this.publicUrl}/password/reset#token=${passwordResetToken(this.tokens, resetId)}`;

  #unsubscribeQuery(userId: string, kind: NoticeKind): string {
    const q = new URLSearchParams({ u: userId, k: kind, t: this.tokens.sign("notice-unsubscribe", unsubscribeValue(userId, kind)) });
    return q.toString();
  }

  /** the page a person opens (it asks before unsubscribing: link scanners follow links) */
  unsubscribePage = (userId: string, kind: NoticeKind) => `${this.publicUrl}/unsubscribe?${this.#unsubscribeQuery(userId, kind)}`;
  /** RFC 8058 one-click target of the List-Unsubscribe header (a POST from the mail provider) */
  unsubscribeOneClick = (userId: string, kind: NoticeKind) => `${this.publicUrl}/api/notices/unsubscribe?${this.#unsubscribeQuery(userId, kind)}`;
}
