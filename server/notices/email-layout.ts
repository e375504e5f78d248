// One layout for every notice: the same structured content becomes the plain-text part and the
// HTML part, so the two always say the same thing. Every value is escaped here, once.
import { escapeHtml } from "../security/escape-html.ts";
import { oneLine } from "./email-text.ts";

export type MailLocale = "fr" | "en";
export const mailLocale = (value: string | null | undefined): MailLocale => (value === "en" ? "en" : "fr");

export interface EmailContent {
  readonly subject: string;
  readonly greeting: string;
  readonly paragraphs: readonly string[];
  readonly action?: { readonly label: string; readonly url: string };
  readonly table?: { readonly caption: string; readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] };
  /** why the user gets this message */
  readonly reason: string;
  readonly unsubscribe?: { readonly label: string; readonly url: string };
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function htmlTable(t: NonNullable<EmailContent["table"]>): string {
  const cell = (tag: "th" | "td", c: string, i: number) =>
    `<${tag} style="padding:4px 8px;border-bottom:1px solid #d0d5dd;text-align:${i === 0 ? "left" : "right"}"${tag === "th" ? ' scope="col"' : ""}>${escapeHtml(c)}</${tag}>`;
  return `<table style="border-collapse:collapse;margin:16px 0;font-size:14px"><caption style="text-align:left;font-weight:600;padding-bottom:4px">${escapeHtml(t.caption)}</caption>
<thead><tr>${t.head.map((c, i) => cell("th", c, i)).join("")}</tr></thead>
<tbody>${t.rows.map((r) => `<tr>${r.map((c, i) => cell("td", c, i)).join("")}</tr>`).join("\n")}</tbody></table>`;
}

export function renderEmail(c: EmailContent, locale: MailLocale): RenderedEmail {
  const colon = locale === "fr" ? " :" : ":"; // French typography puts a space before the colon
  const text = [
    c.greeting,
    ...c.paragraphs,
    ...(c.action ? [`${c.action.label}${colon}\n${c.action.url}`] : []),
    ...(c.table ? [`${c.table.caption}\n\n${textTable(c.table.head, c.table.rows)}`] : []),
    `-- \nKorrigo\n${c.reason}${c.unsubscribe ? `\n${c.unsubscribe.label}${colon} ${c.unsubscribe.url}` : ""}`,
  ].join("\n\n");
  const p = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(oneLine(c.subject))}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1d2939;line-height:1.5">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
${p(c.greeting)}
${c.paragraphs.map(p).join("\n")}
${c.action ? `<p style="margin:20px 0"><a href="${escapeHtml(c.action.url)}" style="display:inline-block;background:#1849a9;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:6px;font-weight:600">${escapeHtml(c.action.label)}</a></p>` : ""}
${c.table ? htmlTable(c.table) : ""}
<hr style="border:none;border-top:1px solid #d0d5dd;margin:24px 0 12px">
<p style="margin:0;font-size:13px;color:#475467">Korrigo — ${escapeHtml(c.reason)}${c.unsubscribe ? ` <a href="${escapeHtml(c.unsubscribe.url)}" style="color:#475467">${escapeHtml(c.unsubscribe.label)}</a>` : ""}</p>
</div></body></html>`;
  return { subject: oneLine(c.subject, 200), text: `${text}\n`, html };
}
