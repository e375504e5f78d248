// Finds wait calls in test sources and tells whether each states its limit: the arguments of a
// call are read by matching brackets (strings, template literals and comments skipped), so
// `expect.poll(() => f(a, b), { timeout: 30_000 })` is one call with two arguments.

export interface WaitCall {
  /** 1-based line of the call */
  line: number;
  /** the call's text, up to its closing parenthesis */
  text: string;
  /** its top-level arguments */
  args: string[];
}

/** Index just past the bracket that closes the one at `open`, or -1. */
function closing(src: string, open: number): number {
  const stack: string[] = [];
  const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
  for (let i = open; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '"' || ch === "'" || ch === "`") {
      i = skipString(src, i);
      continue;
    }
    if (ch === "/" && src[i + 1] === "/") {
      i = src.indexOf("\n", i);
      if (i < 0) return -1;
      continue;
    }
    if (ch === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i) + 1;
      continue;
    }
    if (pairs[ch]) stack.push(pairs[ch]!);
    else if (ch === ")" || ch === "]" || ch === "}") {
      if (stack.pop() !== ch) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function skipString(src: string, start: number): number {
  const quote = src[start]!;
  for (let i = start + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (quote === "`" && src[i] === "$" && src[i + 1] === "{") i = closing(src, i + 1) - 1;
    else if (src[i] === quote) return i;
  }
  return src.length;
}

/** Top-level comma-separated parts of an argument list (without the outer parentheses). */
function splitArgs(inner: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === '"' || ch === "'" || ch === "`") i = skipString(inner, i);
    else if (ch === "(" || ch === "[" || ch === "{") i = closing(inner, i) - 1;
    else if (ch === ",") {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = inner.slice(start).trim();
  if (last) out.push(last);
  return out;
}

/** Every call of `callee(` (e.g. "expect.poll", ".waitFor", "it") in the source; a callee that starts with a name is matched as a whole word ("it" is not "split"). */
export function findCalls(src: string, callee: string): WaitCall[] {
  const out: WaitCall[] = [];
  const wholeWord = /^[\w$]/.test(callee);
  for (let at = src.indexOf(`${callee}(`); at >= 0; at = src.indexOf(`${callee}(`, at + 1)) {
    if (wholeWord && at > 0 && /[\w$.]/.test(src[at - 1]!)) continue;
    const open = at + callee.length;
    const end = closing(src, open);
    if (end < 0) continue;
    out.push({ line: src.slice(0, at).split("\n").length, text: src.slice(at, end), args: splitArgs(src.slice(open + 1, end - 1)) });
  }
  return out;
}

/** Does one of the arguments (an options object) name a timeout? */
export const statesTimeout = (call: WaitCall): boolean => call.args.some((a) => /^\{[\s\S]*\btimeout\s*:/.test(a));
