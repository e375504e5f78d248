// A real SMTP server in the test (smtp-server, loopback, no TLS) that keeps what it accepted, parsed
// with mailparser. A message counts as delivered once the server has taken it, as a relay would.
// A test can hold the end of DATA (`onMessage`) to act while the sender waits for the answer.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port.ts";

export interface DeliveredMail {
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

export interface SmtpSink {
  readonly port: number;
  readonly delivered: DeliveredMail[];
  /** called when a message has been received in full, before the server answers; may wait */
  /** accept: 250; defer: 451 (try later); reject: 550 (never) */
  onMessage: ((mail: DeliveredMail) => Promise<"accept" | "defer" | "reject">) | null;
  waitFor(count: number, timeoutMs?: number): Promise<DeliveredMail[]>;
  /** the relay goes away (connections refused) and comes back on the same port */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startSmtpSink(port?: number): Promise<SmtpSink> {
  const chosen = port ?? (await freePort());
  let server: SMTPServer | null = null;
  const sink: SmtpSink = {
    port: chosen,
    delivered: [],
    onMessage: null,
    async waitFor(count, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (sink.delivered.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} message(s) at the SMTP sink, got ${sink.delivered.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return sink.delivered;
    },
    async start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS", "AUTH"],
        logger: false,
        closeTimeout: 200, // a pooled client keeps its connection open: do not wait for it on stop
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            const raw = Buffer.concat(chunks).toString("utf8");
            void simpleParser(raw)
              .then(async (parsed) => {
                const mail: DeliveredMail = {
                  envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                  envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                  raw,
                  parsed,
                };
                const verdict = sink.onMessage ? await sink.onMessage(mail) : "accept";
                if (verdict === "accept") {
                  sink.delivered.push(mail);
                  callback();
                } else
                  callback(
                    Object.assign(new Error(verdict === "defer" ? "try again later" : "mailbox unavailable"), {
                      responseCode: verdict === "defer" ? 451 : 550,
                    }),
                  );
              })
              .catch((e: Error) => callback(e));
          });
        },
      });
      server.on("error", () => undefined); // a client killed mid-conversation is not the sink's failure
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(chosen, "127.0.0.1", () => resolve());
      });
    },
    async stop() {
      const s = server;
      server = null;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    async close() {
      sink.onMessage = null;
      await sink.stop();
    },
  };
  await sink.start();
  return sink;
}

/** SMTP_* settings of a Korrigo server sending to this sink. */
export const smtpEnv = (port: number): Record<string, string> => ({
  SMTP_HOST: "127.0.0.1",
  SMTP_PORT: String(port),
  SMTP_SECURITY: "none",
  SMTP_FROM: "Korrigo <korrigo@lycee-test.fr>",
});
