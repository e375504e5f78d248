// The server's scale issues are English sentences with a stable shape (server/exams/scale-check.ts):
// each known one is said in the UI language; anything else is shown as the server wrote it.
import { t, type MessageKey } from "../../i18n/i18n.ts";

const KNOWN: Array<[RegExp, MessageKey]> = [
  [/is used twice at this level/, "intake.scale.issue.duplicate"],
  [/needs max points/, "intake.scale.issue.missingPoints"],
  [/greater than 0/, "intake.scale.issue.positive"],
  [/at most 2 decimals/, "intake.scale.issue.decimals"],
  [/below 10000/, "intake.scale.issue.tooBig"],
  [/only the last level carries max points/, "intake.scale.issue.parentPoints"],
  [/inside a branch of variant/, "intake.scale.issue.variant"],
  [/at most 3 levels/, "intake.scale.issue.depth"],
  [/one capital letter/, "intake.scale.issue.variantLetter"],
  [/at most \d+ nodes/, "intake.scale.issue.tooMany"],
  [/too_small|at least 1 character|>=1 characters/i, "intake.scale.issue.labelRequired"],
];

export function issueText(message: string): string {
  for (const [pattern, key] of KNOWN) if (pattern.test(message)) return t(key);
  return message;
}
