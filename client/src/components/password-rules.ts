// The live checklist of the password policy, shared by the forced password change and the
// forgotten-password page: one rule per line, met / unmet / not yet judged.
import { css, html, nothing } from "lit";
import { t, type MessageKey } from "../i18n/i18n.ts";

export type RuleState = "pending" | "met" | "unmet";

export const passwordRuleStyles = css`
  .policy {
    margin: var(--ko-space-4) 0;
    padding: var(--ko-space-3) var(--ko-space-4);
    border-radius: var(--ko-radius);
    background: var(--ko-color-surface-muted);
    border: 1px solid var(--ko-color-border);
    font-size: var(--ko-text-sm);
  }
  .policy ul {
    display: grid;
    gap: var(--ko-space-1);
    margin: var(--ko-space-2) 0 0;
    padding: 0;
    list-style: none;
  }
  .policy li {
    display: flex;
    align-items: center;
    gap: var(--ko-space-2);
  }
  .mark {
    display: grid;
    place-items: center;
    width: 1.25rem;
    height: 1.25rem;
    border-radius: 50%;
    border: 2px solid var(--ko-color-border-strong);
    font-size: 0.75rem;
    font-weight: 700;
    flex: none;
  }
  .met {
    color: var(--ko-color-success);
  }
  .met .mark {
    background: var(--ko-color-success);
    border-color: var(--ko-color-success);
    color: #fff;
  }
  .unmet {
    color: var(--ko-color-danger);
  }
  .unmet .mark {
    border-color: var(--ko-color-danger);
  }
`;

export function ruleItem(key: MessageKey, state: RuleState) {
  const mark = state === "met" ? "✓" : state === "unmet" ? "✕" : "";
  const status = state === "met" ? t("password.ruleMet") : state === "unmet" ? t("password.ruleUnmet") : "";
  return html`<li class=${state}>
    <span class="mark" aria-hidden="true">${mark}</span>
    <span>${t(key)}${status ? html`<span class="visually-hidden"> : ${status}</span>` : nothing}</span>
  </li>`;
}
