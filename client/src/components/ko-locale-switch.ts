import { LitElement, css, html } from "lit";
import { customElement } from "lit/decorators.js";
import { LOCALES, LocaleController, getLocale, isLocale, setLocale, t } from "../i18n/i18n.ts";
import { base } from "../styles/shared.ts";

/** Language picker; the choice is saved in localStorage and sets <html lang>. */
@customElement("ko-locale-switch")
export class KoLocaleSwitch extends LitElement {
  static override styles = [
    base,
    css`
      :host {
        display: inline-flex;
      }
      label {
        position: relative;
        display: inline-flex;
        align-items: center;
        font-size: var(--ko-text-sm);
      }
      select {
        appearance: none;
        min-height: max(2.5rem, var(--ko-touch-min));
        padding: var(--ko-space-1) calc(var(--ko-space-3) + 1.25rem) var(--ko-space-1) var(--ko-space-3);
        border: 1px solid var(--ko-switch-border, var(--ko-color-border-strong));
        border-radius: var(--ko-radius);
        background-color: var(--ko-switch-bg, var(--ko-color-surface));
        color: var(--ko-switch-color, var(--ko-color-text));
        font: inherit;
        font-size: var(--ko-text-sm);
        font-weight: 600;
        cursor: pointer;
      }
      select:hover {
        background-color: var(--ko-switch-hover-bg, var(--ko-color-surface-muted));
      }
      /* Same chevron as the account menu, drawn in the text colour (the native one is not themable). */
      .chevron {
        position: absolute;
        right: var(--ko-space-3);
        width: 0.5rem;
        height: 0.5rem;
        border-right: 2px solid var(--ko-switch-color, var(--ko-color-text));
        border-bottom: 2px solid var(--ko-switch-color, var(--ko-color-text));
        transform: translateY(-25%) rotate(45deg);
        pointer-events: none;
      }
      select:focus-visible {
        outline: none;
        box-shadow: var(--ko-switch-focus-ring, var(--ko-focus-ring));
      }
      option {
        color: var(--ko-color-text);
        background: var(--ko-color-surface);
      }
    `,
  ];

  private readonly locale = new LocaleController(this);

  override render() {
    return html`
      <label>
        <span class="visually-hidden">${t("lang.label")}</span>
        <select @change=${this.onChange} aria-label=${t("lang.label")}>
          ${LOCALES.map(
            (code) => html`<option value=${code} lang=${code} ?selected=${code === getLocale()}>
              ${t(`lang.${code}`)}
            </option>`,
          )}
        </select>
        <span class="chevron" aria-hidden="true"></span>
      </label>
    `;
  }

  private onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value;
    if (isLocale(value)) setLocale(value);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    "ko-locale-switch": KoLocaleSwitch;
  }
}
