// Text that goes into an e-mail: names and titles come from users (an exam title, a display name),
// so a header value is flattened to one line (no header injection); the HTML part escapes them with
// security/escape-html.ts.

// C0/C1 controls (CR, LF, TAB...), DEL, and the Unicode line and paragraph separators
const BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/** One line, no control characters, at most `max` characters: safe in Subject and display names. */
export function oneLine(value: string, max = 150): string {
  const flat = value.replace(BREAKS, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
