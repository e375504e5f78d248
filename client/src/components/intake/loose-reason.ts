// Why the booklets' split set a page aside, as the intake pages say it.
import { LOOSE_REASONS, splitLooseReason } from "../../api/booklets.ts";
import { t } from "../../i18n/i18n.ts";

/** The label of a stored reason code (the code itself if it is not one we know). */
export function looseReasonLabel(code: string): string {
  return (LOOSE_REASONS as readonly string[]).includes(code) ? t(`booklets.reason.${code as (typeof LOOSE_REASONS)[number]}`) : code;
}

/** " — page blanche (verso ?)" for a page set aside, with its detail; "" for one set aside by hand. */
export function looseReasonText(stored: string | null): string {
  const r = splitLooseReason(stored);
  return r ? ` — ${looseReasonLabel(r.code)}${r.detail ? ` (${r.detail})` : ""}` : "";
}
