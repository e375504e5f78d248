// The mail relay behind a small interface: nodemailer over SMTP (a pool of two connections, short
// timeouts so a dead relay fails an attempt quickly instead of holding a worker). Every header
// value that carries a name (recipient, subject) is flattened to one line before it gets here.
import type { Transporter } from "nodemailer";
import type { SmtpConfig } from "../config/sign-in-mail-config.ts";

export interface OutgoingMail {
  readonly to: { readonly name: string; readonly address: string };
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** stable per notice: a message resent after a worker died mid-send carries the same id */
  readonly messageId: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ response: string }>;
  close(): void;
}

/** A send error the relay will repeat on every retry (5xx: no such mailbox, refused content...). */
export function isPermanentMailError(e: unknown): boolean {
  const code = (e as { responseCode?: unknown })?.responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

export function createMailer(smtp: SmtpConfig): Mailer {
  // nodemailer is loaded at the first mail, not with every process that might send one
  // the promise is kept, not the transport: two first sends at once share one pool
  let transport: Promise<Transporter> | null = null;
  const open = () =>
    (transport ??= import("nodemailer").then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        host: smtp.host,
        port: smtp.port,
        secure: smtp.security === "tls",
        requireTLS: smtp.security === "starttls",
        ignoreTLS: smtp.security === "none",
        auth: smtp.user && smtp.password ? { user: smtp.user, pass: smtp.password } : undefined,
        pool: true,
        maxConnections: 2,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      }),
    ));
  return {
    async send(mail) {
      const info = await (await open()).sendMail({
        from: smtp.from,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { ...mail.headers, "Auto-Submitted": "auto-generated" },
      });
      return { response: String(info.response ?? "") };
    },
    close() {
      void transport?.then((t) => t.close());
    },
  };
}
