// The e-mail layout: names flattened to one line for headers, every value escaped in HTML, the text
// and HTML parts saying the same thing.
import { describe, expect, it } from "vitest";
import { renderEmail } from "../../../server/notices/email-layout.ts";
import { escapeHtml } from "../../../server/security/escape-html.ts";
import { oneLine } from "../../../server/notices/email-text.ts";

describe("email text", () => {
  it("flattens any line break or control character, and caps the length", () => {
    expect(oneLine("Maths\r\nBcc: x@evil.example")).toBe("Maths Bcc: x@evil.example");
    expect(oneLine("a\u2028b\u2029c\u0085d\te\u0000f")).toBe("a b c d e f");
    expect(oneLine("  spaced   out  ")).toBe("spaced out");
    expect(oneLine("x".repeat(300), 10)).toBe(`${"x".repeat(9)}…`);
  });

  it("escapes HTML", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("renders the same content as text and HTML, escaped, with a one-line subject", () => {
    const out = renderEmail(
      {
        subject: "Copie « A\r\nB »",
        greeting: "Bonjour <Eve>,",
        paragraphs: ["Un & deux"],
        action: { label: "Voir", url: "https://korrigo.example/portal/copies/1?a=1&b=2" },
        table: { caption: "Épreuves", head: ["Épreuve", "Corrigées"], rows: [["<b>Maths</b>", "3/5"]] },
        reason: "Pourquoi",
        unsubscribe: { label: "Se désabonner", url: "https://korrigo.example/unsubscribe?u=1&k=COPY_RELEASED" },
      },
      "fr",
    );
    expect(out.subject).toBe("Copie « A B »");
    expect(out.text).toContain("Bonjour <Eve>,");
    expect(out.text).toContain("Voir :\nhttps://korrigo.example/portal/copies/1?a=1&b=2");
    expect(out.text).toMatch(/<b>Maths<\/b>\s+3\/5/);
    expect(out.text).toContain("Se désabonner : https://korrigo.example/unsubscribe?u=1&k=COPY_RELEASED");
    expect(out.html).toContain("Bonjour &lt;Eve&gt;,");
    expect(out.html).toContain('href="https://korrigo.example/portal/copies/1?a=1&amp;b=2"');
    expect(out.html).toContain("&lt;b&gt;Maths&lt;/b&gt;");
    expect(out.html).not.toMatch(/<b>/);
    expect(renderEmail({ subject: "S", greeting: "Hello,", paragraphs: [], action: { label: "Open", url: "u" }, reason: "r" }, "en").text).toContain(
      "Open:\nu",
    );
  });
});
